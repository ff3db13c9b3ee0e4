package dev.zccache.stats;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
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

    /** The saved form; field names are the stable `stats --json` names. */
    public record Snapshot(long hits, long misses, long uncacheable, Map<String, Long> uncacheableReasons,
            long errors, long timeSavedMs) {
    }

    private final Path file;
    private final JsonMapper json;
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final LongAdder savedMs = new LongAdder();
    private final ConcurrentMap<String, LongAdder> uncacheable = new ConcurrentHashMap<>();
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

    public void hit(long savedMillis) {
        hits.increment();
        savedMs.add(savedMillis);
        dirty.set(true);
    }

    public void miss() {
        misses.increment();
        dirty.set(true);
    }

    /** A call run without the cache, with the short stable reason (e.g. "link", "compile-failed"). */
    public void uncacheable(String reason) {
        uncacheable.computeIfAbsent(reason, r -> new LongAdder()).increment();
        dirty.set(true);
    }

    /** The cache failed (I/O error, bug) and the compile ran without it. */
    public void error() {
        errors.increment();
        dirty.set(true);
    }

    public Snapshot snapshot() {
        Map<String, Long> reasons = new TreeMap<>();
        long total = 0;
        for (Map.Entry<String, LongAdder> e : uncacheable.entrySet()) {
            long n = e.getValue().sum();
            if (n > 0) {
                reasons.put(e.getKey(), n);
                total += n;
            }
        }
        return new Snapshot(hits.sum(), misses.sum(), total, reasons, errors.sum(), savedMs.sum());
    }

    /** Sets every counter to zero (`zccache stats --zero`). */
    public synchronized void zero() {
        hits.reset();
        misses.reset();
        errors.reset();
        savedMs.reset();
        uncacheable.clear();
        dirty.set(true);
        saveIfDirty();
    }

    /** Writes stats.json if anything changed since the last save. */
    public synchronized void saveIfDirty() {
        if (!dirty.getAndSet(false)) {
            return;
        }
        Path staged = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.write(staged, json.writeValueAsBytes(snapshot()));
            Files.move(staged, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            dirty.set(true);
            log.warn("could not save {}: {}", file, e.toString());
        }
    }

    private void load() {
        Snapshot s;
        try {
            s = json.readValue(Files.readAllBytes(file), Snapshot.class);
        } catch (NoSuchFileException first) {
            return;
        } catch (IOException | JacksonException e) {
            log.warn("ignoring unreadable {}: {}", file, e.toString());
            return;
        }
        hits.add(s.hits());
        misses.add(s.misses());
        errors.add(s.errors());
        savedMs.add(s.timeSavedMs());
        if (s.uncacheableReasons() != null) {
            s.uncacheableReasons().forEach((r, n) -> uncacheable.computeIfAbsent(r, k -> new LongAdder()).add(n));
        }
    }
}
