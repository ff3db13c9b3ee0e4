package dev.zccache.session;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The sessions the daemon knows: started by {@code zccache session-start}, ended by
 * {@code session-end}. Kept in memory: a daemon restart ends them (HELP.md says so).
 */
public final class Sessions {

    /** A bound on forgotten sessions (a build that never called session-end). */
    static final int MAX_SESSIONS = 1000;

    private final ConcurrentMap<String, Session> open = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final Clock clock;

    public Sessions(Clock clock) {
        this.clock = clock;
    }

    public Session start(Path journal) {
        if (open.size() >= MAX_SESSIONS) {
            open.values().stream().min((a, b) -> a.started().compareTo(b.started()))
                    .ifPresent(oldest -> open.remove(oldest.id()));
        }
        byte[] id = new byte[8];
        random.nextBytes(id);
        Session s = new Session(HexFormat.of().formatHex(id), clock.instant(), journal);
        open.put(s.id(), s);
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
        }
        return Optional.ofNullable(s);
    }

    public List<Session> list() {
        return open.values().stream().sorted((a, b) -> a.started().compareTo(b.started())).toList();
    }
}
