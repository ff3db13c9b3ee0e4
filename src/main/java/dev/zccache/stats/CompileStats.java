package dev.zccache.stats;

import dev.zccache.outcome.CompileOutcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The cache's counters: hits, misses, uncacheable calls per reason, errors and the compile time
 * hits saved. Cheap to bump from any thread; saved to {@code stats.json} (a second after a
 * change, and at shutdown) so they survive a daemon restart.
 */
public final class CompileStats implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CompileStats.class);

    private final Path file;
    private final JsonMapper json;
    private final Counters counters = new Counters();
    private final BackgroundSaver saver;

    public CompileStats(Path file, JsonMapper json) {
        this.file = file;
        this.json = json;
        load();
        this.saver = new BackgroundSaver("zccache-stats", file.toString(),
                () -> AtomicFile.replace(file, json.writeValueAsBytes(snapshot())));
    }

    /** Saves what changed and stops the background saver. */
    @Override
    public void close() {
        saver.close();
    }

    public void count(CompileOutcome outcome) {
        count(outcome, null);
    }

    /** @param step the kind of build step a hit or miss was ("compile", "link", "archive"), or null */
    public void count(CompileOutcome outcome, String step) {
        counters.count(outcome, step);
        saver.changed();
    }

    public Counters.Snapshot snapshot() {
        return counters.snapshot();
    }

    /** Sets every counter to zero (`zccache stats --zero`). */
    public synchronized void zero() {
        counters.reset();
        saver.changed();
        saver.flush();
    }

    private void load() {
        Counters.Snapshot s;
        try {
            s = json.readValue(Files.readAllBytes(file), Counters.Snapshot.class);
        } catch (NoSuchFileException first) {
            return;
        } catch (IOException | JacksonException e) {
            log.warn("ignoring unreadable {}: {}", file, e.toString());
            return;
        }
        counters.add(s);
    }
}
