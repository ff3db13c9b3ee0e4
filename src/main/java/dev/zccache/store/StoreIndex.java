package dev.zccache.store;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The in-memory index of every file in the store (path relative to the store root → size),
 * bounded by the size budget: Caffeine evicts the least valuable files (recency and frequency)
 * on its maintenance executor, never on the caller's thread, and the eviction deletes the file.
 *
 * <h2>Implementation notes</h2>
 * Evicting a blob that a result still names is safe: delivery finds it missing, the compile runs
 * again and publishes it anew. The index is saved as a snapshot (coldest first, one
 * {@code size<TAB>path} per line) at shutdown; without one, the store is scanned at start.
 */
final class StoreIndex {

    private static final Logger log = LoggerFactory.getLogger(StoreIndex.class);

    private final Path root;
    private final Cache<String, Long> files;
    private final LongAdder evictions = new LongAdder();
    /** Counts clears, so that a scan begun before one adds nothing after it. */
    private final Object generationLock = new Object();
    private long generation;

    public StoreIndex(Path root, long budgetBytes, Executor maintenance) {
        this.root = root;
        this.files = Caffeine.newBuilder()
                .maximumWeight(budgetBytes)
                .weigher((String path, Long size) -> (int) Math.min(Integer.MAX_VALUE, Math.max(1, size)))
                .executor(maintenance)
                .removalListener((String path, Long size, RemovalCause cause) -> {
                    if (cause.wasEvicted() && path != null) {
                        evictions.increment();
                        delete(path);
                    }
                })
                .build();
    }

    /** Records a file just written (or rewritten) under the root. */
    public void added(String relative, long size) {
        files.put(relative, size);
    }

    /** Marks a file as used (a hit); unknown files are added with their size on disk. */
    public void used(String relative) {
        if (files.getIfPresent(relative) == null) {
            try {
                files.put(relative, Files.size(root.resolve(relative)));
            } catch (IOException gone) {
                // nothing to index
            }
        }
    }

    /** A file that was deleted (corrupt, cleared) no longer counts. */
    public void removed(String relative) {
        files.invalidate(relative);
    }

    /** The indexed paths, now. */
    public java.util.Set<String> paths() {
        return java.util.Set.copyOf(files.asMap().keySet());
    }

    public long totalBytes() {
        files.cleanUp();
        return files.policy().eviction().orElseThrow().weightedSize().orElse(0);
    }

    /** How many indexed files satisfy the prefix (e.g. "results/"). */
    public long count(String prefix) {
        long n = 0;
        for (String k : files.asMap().keySet()) {
            if (k.startsWith(prefix)) {
                n++;
            }
        }
        return n;
    }

    public long evictions() {
        return evictions.sum();
    }

    /** Forgets everything (the files are removed by the caller), also what a running scan finds later. */
    public void clear() {
        synchronized (generationLock) {
            generation++;
            files.asMap().clear();
        }
    }

    /**
     * Evicts now, least valuable first, until the indexed files take at most {@code targetBytes};
     * the budget stays what it was. Files go on the maintenance pool like any eviction.
     */
    public synchronized void trimTo(long targetBytes) {
        var eviction = files.policy().eviction().orElseThrow();
        long budget = eviction.getMaximum();
        if (targetBytes >= budget) {
            files.cleanUp();
            return;
        }
        eviction.setMaximum(Math.max(0, targetBytes));
        try {
            files.cleanUp();
        } finally {
            eviction.setMaximum(budget);
        }
    }

    /** Runs pending evictions now (tests, trim). */
    public void settle() {
        files.cleanUp();
    }

    public void save(Path snapshot, Path tmp) throws IOException {
        Map<String, Long> coldestFirst = files.policy().eviction().orElseThrow().coldest(Integer.MAX_VALUE);
        Path staged = tmp.resolve("index-" + ProcessHandle.current().pid());
        try (BufferedWriter w = Files.newBufferedWriter(staged, StandardCharsets.UTF_8)) {
            for (Map.Entry<String, Long> e : coldestFirst.entrySet()) {
                w.write(Long.toString(e.getValue()));
                w.write('\t');
                w.write(e.getKey());
                w.write('\n');
            }
        }
        StoreFiles.publish(staged, snapshot);
    }

    /**
     * Loads a snapshot (and deletes it: while the daemon runs it is stale). False when there is
     * none or it cannot be read: the caller then scans the store.
     */
    public boolean load(Path snapshot) throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(snapshot, StandardCharsets.UTF_8);
            Files.deleteIfExists(snapshot);
        } catch (NoSuchFileException | java.nio.charset.MalformedInputException e) {
            return false;
        }
        for (String line : lines) {
            int tab = line.indexOf('\t');
            if (tab > 0) {
                try {
                    files.put(line.substring(tab + 1), Long.parseLong(line.substring(0, tab)));
                } catch (NumberFormatException torn) {
                    // a damaged line costs one file's accounting, nothing else
                }
            }
        }
        return true;
    }

    /** Indexes every file under the given store directories (files indexed meanwhile keep their entry). */
    public void scan(List<String> dirs) throws IOException {
        beginScan().run(dirs);
    }

    /**
     * A scan that adds nothing once the index is cleared after it began: a file sized just
     * before {@code zccache clear} moved it away would otherwise stay indexed, a phantom entry.
     */
    Scan beginScan() {
        synchronized (generationLock) {
            return new Scan(generation);
        }
    }

    /** See {@link #beginScan()}. */
    final class Scan {
        private final long startedIn;

        private Scan(long generation) {
            this.startedIn = generation;
        }

        void run(List<String> dirs) throws IOException {
            for (String dir : dirs) {
                Path d = root.resolve(dir);
                if (!Files.isDirectory(d)) {
                    continue;
                }
                try (Stream<Path> walk = Files.walk(d)) {
                    walk.filter(Files::isRegularFile).forEach(p -> {
                        try {
                            long size = Files.size(p);
                            synchronized (generationLock) {
                                if (generation == startedIn) {
                                    files.asMap().putIfAbsent(root.relativize(p).toString(), size);
                                }
                            }
                        } catch (IOException gone) {
                            // deleted while scanning
                        }
                    });
                }
            }
        }
    }

    private void delete(String relative) {
        try {
            Files.deleteIfExists(root.resolve(relative));
        } catch (IOException e) {
            log.warn("could not evict {}: {}", relative, e.toString());
        }
    }
}
