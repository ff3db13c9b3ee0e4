package dev.zccache.stats;

import dev.zccache.outcome.CompileOutcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
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
    private final AtomicBoolean dirty = new AtomicBoolean();

    private final ScheduledExecutorService saver = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "zccache-stats");
        t.setDaemon(true);
        return t;
    });

    public CompileStats(Path file, JsonMapper json) {
        this.file = file;
        this.json = json;
        load();
        saver.scheduleWithFixedDelay(this::saveIfDirty, 1, 1, TimeUnit.SECONDS);
    }

    /** Saves what changed and stops the background saver. */
    @Override
    public void close() {
        saver.shutdownNow();
        saveIfDirty();
    }

    public void count(CompileOutcome outcome) {
        count(outcome, null);
    }

    /** @param step the kind of build step a hit or miss was ("compile", "link", "archive"), or null */
    public void count(CompileOutcome outcome, String step) {
        counters.count(outcome, step);
        dirty.set(true);
    }

    public Counters.Snapshot snapshot() {
        return counters.snapshot();
    }

    /** Sets every counter to zero (`zccache stats --zero`). */
    public synchronized void zero() {
        counters.reset();
        dirty.set(true);
        saveIfDirty();
    }

    /** Writes stats.json if anything changed since the last save. */
    public synchronized void saveIfDirty() {
        if (!dirty.getAndSet(false)) {
            return;
        }
        try {
            AtomicFile.replace(file, json.writeValueAsBytes(snapshot()));
        } catch (IOException e) {
            dirty.set(true);
            log.warn("could not save {}: {}", file, e.toString());
        }
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
