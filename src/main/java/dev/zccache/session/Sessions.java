package dev.zccache.session;

import dev.zccache.stats.AtomicFile;
import dev.zccache.stats.BackgroundSaver;
import dev.zccache.stats.Counters;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * The sessions the daemon knows: started by {@code zccache session-start}, ended by
 * {@code session-end}. Open sessions are kept in {@code sessions.json} and read back when the
 * daemon starts, so a build's session outlives an idle exit, an upgrade or a killed daemon: the
 * file is rewritten at once when a session starts or ends, and within a second when a
 * session's counts change (and when the daemon stops).
 */
public final class Sessions implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Sessions.class);

    /** One open session as saved. */
    record Saved(String id, String started, String journal, Counters.Snapshot counts) {
    }

    /** A bound on forgotten sessions (a build that never called session-end). */
    static final int MAX_SESSIONS = 1000;

    private final ConcurrentMap<String, Session> open = new ConcurrentHashMap<>();
    /** Made on the first session's start: a SecureRandom's set-up (security providers) cost the daemon's start ~50 ms. */
    private static final class Ids {
        static final SecureRandom RANDOM = new SecureRandom();
    }

    private final Clock clock;
    private final Path file;
    private final JsonMapper json;
    private final BackgroundSaver saver;

    /** @param file where open sessions are kept across restarts; null keeps them in memory only */
    public Sessions(Clock clock, Path file, JsonMapper json) {
        this.clock = clock;
        this.file = file;
        this.json = json;
        load();
        saver = file == null ? null : new BackgroundSaver("zccache-sessions", file.toString(), this::write);
    }

    /** Saves the open sessions and stops saving (at shutdown). */
    @Override
    public void close() {
        if (saver != null) {
            saver.changed();
            saver.close();
        }
    }

    /** A session started or ended: saved at once. */
    private void save() {
        if (saver != null) {
            saver.changed();
            saver.flush();
        }
    }

    /** A session counted a compile: saved within a second. */
    private void counted() {
        if (saver != null) {
            saver.changed();
        }
    }

    private void write() throws IOException {
        List<Saved> saved = list().stream().map(s -> new Saved(s.id(), s.started().toString(),
                s.journal().map(Path::toString).orElse(null), s.snapshot())).toList();
        AtomicFile.replace(file, json.writeValueAsBytes(saved));
    }

    private void load() {
        if (file == null || !Files.exists(file)) {
            return;
        }
        try {
            for (Saved s : json.readValue(Files.readAllBytes(file), Saved[].class)) {
                Session session = new Session(s.id(), Instant.parse(s.started()),
                        s.journal() == null ? null : Path.of(s.journal()), this::counted);
                if (s.counts() != null) {
                    session.restore(s.counts());
                }
                open.put(session.id(), session);
            }
        } catch (IOException | RuntimeException e) { // torn JSON (JacksonException) or a bad date
            log.warn("ignoring unreadable {}: {}", file, e.toString());
        }
    }

    public Session start(Path journal) {
        if (open.size() >= MAX_SESSIONS) {
            open.values().stream().min((a, b) -> a.started().compareTo(b.started()))
                    .ifPresent(oldest -> open.remove(oldest.id()));
        }
        byte[] id = new byte[8];
        Ids.RANDOM.nextBytes(id);
        Session s = new Session(HexFormat.of().formatHex(id), clock.instant(), journal, this::counted);
        open.put(s.id(), s);
        save();
        return s;
    }

    public Optional<Session> get(String id) {
        return id == null ? Optional.empty() : Optional.ofNullable(open.get(id));
    }

    /** Ends the session: it counts no further compiles. */
    public Optional<Session> end(String id) {
        Session s = open.remove(id);
        if (s != null) {
            s.end(clock.instant());
            save();
        }
        return Optional.ofNullable(s);
    }

    public List<Session> list() {
        return open.values().stream().sorted((a, b) -> a.started().compareTo(b.started())).toList();
    }
}
