package dev.zccache.journal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.zccache.cache.CompileHistory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The latest compile event per file (object and source), for {@code zccache explain}, and the
 * latest context key per object, for naming what changed on a miss. Rebuilt from the journal in
 * the background when the daemon starts, so explanations survive a restart.
 */
public final class LatestCompiles implements CompileHistory {

    private static final Logger log = LoggerFactory.getLogger(LatestCompiles.class);
    private static final int MAX_FILES = 200_000;

    private final Cache<String, CompileEvent> byFile = Caffeine.newBuilder().maximumSize(MAX_FILES).build();
    private final Cache<String, String> contextByOutput = Caffeine.newBuilder().maximumSize(MAX_FILES).build();
    /** The working directory of the latest compile per output relative to it ("target/debug/deps/libx.rlib"). */
    private final Cache<String, String> cwdByRelativeOutput = Caffeine.newBuilder().maximumSize(MAX_FILES).build();
    private final CompletableFuture<Void> loaded;

    public LatestCompiles(CompileJournal journal) {
        loaded = CompletableFuture.runAsync(() -> load(journal), r -> {
            Thread t = new Thread(r, "zccache-journal-load");
            t.setDaemon(true);
            t.setPriority(Thread.MIN_PRIORITY);
            t.start();
        });
    }

    /** Remembers a compile that just happened. */
    public void record(CompileEvent e) {
        index(e, true);
    }

    /**
     * @param replace true for a compile that just happened; false while loading the journal,
     *     newest first, where what is known already is newer
     */
    private void index(CompileEvent e, boolean replace) {
        if (e.output() != null) {
            put(byFile, e.output(), e, replace);
            if (e.contextKey() != null && !e.contextKey().isEmpty()) {
                put(contextByOutput, e.output(), e.contextKey(), replace);
                relative(e.cwd(), e.output()).ifPresent(rel -> put(cwdByRelativeOutput, rel, e.cwd(), replace));
            }
        }
        if (e.source() != null) {
            put(byFile, e.source(), e, replace);
        }
    }

    private static <V> void put(Cache<String, V> cache, String key, V value, boolean replace) {
        if (replace) {
            cache.put(key, value);
        } else {
            cache.asMap().putIfAbsent(key, value);
        }
    }

    /** The latest compile that wrote or read this file (an absolute path). */
    public Optional<CompileEvent> latest(Path file) {
        awaitLoaded();
        return Optional.ofNullable(byFile.getIfPresent(file.normalize().toString()));
    }

    @Override
    public Optional<String> previousContextKey(Path output) {
        awaitLoaded();
        return Optional.ofNullable(contextByOutput.getIfPresent(output.toString()));
    }

    @Override
    public Optional<Path> otherDirectory(Path cwd, Path output) {
        awaitLoaded();
        return relative(cwd.toString(), output.toString()).map(cwdByRelativeOutput::getIfPresent)
                .filter(other -> !other.equals(cwd.toString())).map(Path::of);
    }

    /** The output relative to the working directory, when it is under it. */
    private static Optional<String> relative(String cwd, String output) {
        if (cwd == null || cwd.isEmpty() || cwd.equals("/") || !output.startsWith(cwd + "/")) {
            return Optional.empty();
        }
        return Optional.of(output.substring(cwd.length() + 1));
    }

    private void awaitLoaded() {
        try {
            loaded.get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            log.debug("journal not loaded: {}", e.toString());
        }
    }

    /** Newest first, so what the daemon has recorded since it started (put) is never overwritten. */
    private void load(CompileJournal journal) {
        try {
            for (CompileEvent e : journal.allNewestFirst()) {
                index(e, false);
            }
        } catch (IOException | RuntimeException e) {
            log.warn("could not read the compile journal: {}", e.toString());
        }
    }
}
