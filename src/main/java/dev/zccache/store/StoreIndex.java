package dev.zccache.store;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store's size accounting and eviction, in memory that does not grow with the store (a
 * million entries are three million files): per shard — the first two hex digits of a file's
 * name; {@code blobs/ab/…}, {@code results/ab/…} and {@code manifests/ab/…} share shard
 * {@code ab} — the bytes it holds and its files of each kind.
 *
 * <h2>Recency and eviction</h2>
 * Recency lives on disk, as ccache keeps it: a file a hit uses gets its modification time moved
 * to now, at most once per {@link #TOUCH_AFTER} and on the maintenance executor, never on the
 * hit's thread. When the store holds more than its budget, the maintenance executor lists the
 * fullest shards (every shard of a small store; one or two of a large one, each of thousands of
 * files), deletes their oldest files until the store is at 90 % of its budget (none from a shard
 * already down to 90 % of its share) and sets their counts to what it found, which also corrects
 * any drift (a file removed behind the index's back). Names are SHA-256 digests, so shards fill
 * evenly and a large shard's oldest files are close to the store's oldest. Evicting a blob that a
 * result still names is safe: delivery finds it missing, the compile runs again and publishes it
 * anew.
 * <h2>Start</h2>
 * The counts are saved at shutdown ({@code index.tsv}, one line per shard) and read (then
 * deleted: a running daemon's would be stale) at start; without one the store is counted by a
 * scan, shard by shard.
 */
final class StoreIndex {

    private static final Logger log = LoggerFactory.getLogger(StoreIndex.class);

    static final int SHARDS = 256;
    static final List<String> KINDS = List.of(LocalStore.BLOBS, LocalStore.RESULTS, LocalStore.MANIFESTS);
    /** How stale a used file's time may get before a hit moves it to now. */
    static final Duration TOUCH_AFTER = Duration.ofHours(1);
    private static final String HEADER = "zccache-index 2\tshard\tbytes\t" + String.join("\t", KINDS);
    private static final double CLEAN_TO = 0.9;

    private final Path root;
    private final long budget;
    private final Executor maintenance;

    /** Guards the counts (short sections only: a compile's publication takes it). */
    private final Object counts = new Object();
    private final long[] bytes = new long[SHARDS];
    private final long[][] files = new long[KINDS.size()][SHARDS];
    private long total;
    /** Counts clears, so that a listing begun before one sets no counts after it. */
    private long generation;
    /** The shards being listed, and what was written to or removed from them meanwhile (size; -1: removed). */
    private final BitSet listing = new BitSet(SHARDS);
    private final Map<String, Long> changedWhileListing = new HashMap<>();
    private final BitSet recount = new BitSet(SHARDS);
    /** Listings ended so far, and the count at which each shard's last one ended (see {@link #ticket()}). */
    private long listings;
    private final long[] listedAt = new long[SHARDS];

    /** One maintenance pass at a time: touches, recounts, evictions. */
    private final Object maintaining = new Object();
    private final AtomicInteger pending = new AtomicInteger();
    /** Files hits used, to touch; a full queue drops touches (recency is approximate anyway). */
    private final BlockingQueue<String> touches = new ArrayBlockingQueue<>(8192);
    /** Files queued for a touch within the last {@link #TOUCH_AFTER} (bounded: a few MiB). */
    private final Cache<String, Boolean> touchedLately = Caffeine.newBuilder().maximumSize(16_384)
            .expireAfterWrite(TOUCH_AFTER).executor(Runnable::run).build();
    private final LongAdder evictions = new LongAdder();

    StoreIndex(Path root, long budgetBytes, Executor maintenance) {
        this.root = root;
        this.budget = budgetBytes;
        this.maintenance = maintenance;
    }

    /** Where a store file is counted: its kind and shard; null for a path outside the layout. */
    private record Place(int kind, int shard) {
    }

    private static Place place(String relative) {
        int slash = relative.indexOf('/');
        if (slash < 0 || relative.length() < slash + 5 || relative.charAt(slash + 3) != '/'
                || relative.indexOf('/', slash + 4) >= 0) {
            return null;
        }
        int kind = KINDS.indexOf(relative.substring(0, slash));
        int hi = Character.digit(relative.charAt(slash + 1), 16);
        int lo = Character.digit(relative.charAt(slash + 2), 16);
        return kind < 0 || hi < 0 || lo < 0 ? null : new Place(kind, hi * 16 + lo);
    }

    /** The shard a store file is counted in, or -1 when its path is outside the layout. */
    static int shardOf(String relative) {
        Place p = place(relative);
        return p == null ? -1 : p.shard();
    }

    /**
     * Taken before a file is written or deleted, and given back with the change: a listing of
     * its shard that ended in between may have counted the change already (or missed it), and
     * then the shard is counted again instead.
     */
    long ticket() {
        synchronized (counts) {
            return listings;
        }
    }

    /**
     * A file was written under the root.
     *
     * @param before its size before (a rewrite), or -1 when it is new
     * @param ticket {@link #ticket()}, taken before the write
     */
    void written(String relative, long before, long size, long ticket) {
        change(relative, before, size, ticket);
    }

    /** A file of a known size was deleted; {@code ticket} taken before. */
    void removed(String relative, long size, long ticket) {
        change(relative, size, -1, ticket);
    }

    /** A file was deleted (or found missing) without its size known: its shard is counted again soon. */
    void gone(String relative) {
        Place p = place(relative);
        if (p == null) {
            return;
        }
        synchronized (counts) {
            recount.set(p.shard());
            if (listing.get(p.shard())) {
                changedWhileListing.put(relative, -1L);
            }
        }
        maintainSoon();
    }

    private void change(String relative, long before, long after, long ticket) {
        Place p = place(relative);
        if (p == null) {
            return;
        }
        boolean over;
        synchronized (counts) {
            if (listing.get(p.shard())) {
                changedWhileListing.put(relative, after);
            }
            if (listedAt[p.shard()] > ticket) {
                recount.set(p.shard()); // a listing between the change and now: it is counted again
                over = true;
            } else {
                long delta = Math.max(0, after) - Math.max(0, before);
                bytes[p.shard()] += delta;
                total += delta;
                files[p.kind()][p.shard()] += (after >= 0 ? 1 : 0) - (before >= 0 ? 1 : 0);
                over = total > budget;
            }
        }
        if (over) {
            maintainSoon();
        }
    }

    /** A hit used this file: its time moves to now (soon, and only when older than {@link #TOUCH_AFTER}). */
    void used(String relative) {
        // a build's hits use the same files again and again: each is looked at once an hour
        if (touchedLately.asMap().putIfAbsent(relative, Boolean.TRUE) == null && touches.offer(relative)) {
            maintainSoon();
        }
    }

    long totalBytes() {
        synchronized (counts) {
            return total;
        }
    }

    /** How many files of a kind ("results") are counted. */
    long count(String kind) {
        int k = KINDS.indexOf(kind);
        long n = 0;
        synchronized (counts) {
            for (long c : files[k]) {
                n += c;
            }
        }
        return n;
    }

    /** The bytes each shard is counted with, now. */
    long[] shardBytes() {
        synchronized (counts) {
            return bytes.clone();
        }
    }

    long evictions() {
        return evictions.sum();
    }

    /** Forgets everything (the files are removed by the caller), also what a listing under way finds. */
    void clear() {
        synchronized (counts) {
            generation++;
            java.util.Arrays.fill(bytes, 0);
            for (long[] f : files) {
                java.util.Arrays.fill(f, 0);
            }
            total = 0;
            recount.clear();
        }
        touches.clear();
        touchedLately.invalidateAll();
    }

    /**
     * Evicts now, oldest first from the fullest shards, until the store takes at most
     * {@code targetBytes}; the budget stays what it was.
     */
    void trimTo(long targetBytes) {
        synchronized (maintaining) {
            evictDownTo(Math.max(0, targetBytes));
        }
    }

    /** Runs pending maintenance now (tests, trim, verify); hits never wait for it. */
    void settle() {
        synchronized (maintaining) {
            maintain();
        }
    }

    /** Runs {@code work} while no maintenance pass changes files or counts. */
    <T> T paused(LocalStore.StoreRead<T> work) throws IOException {
        synchronized (maintaining) {
            return work.get();
        }
    }

    /** Counts one shard again from its files (verify's repair). */
    void recount(int shard) {
        synchronized (maintaining) {
            countFromFiles(shard);
        }
    }

    private void maintainSoon() {
        if (pending.getAndIncrement() == 0) {
            maintenance.execute(this::maintainWhilePending);
        }
    }

    private void maintainWhilePending() {
        int seen = pending.get();
        while (true) {
            try {
                synchronized (maintaining) {
                    maintain();
                }
            } catch (RuntimeException e) {
                log.warn("store maintenance failed: {}", e.toString());
            }
            int left = pending.addAndGet(-seen);
            if (left == 0) {
                return;
            }
            seen = left;
        }
    }

    /** Touches, recounts, then evictions while over the budget. Callers hold {@link #maintaining}. */
    private void maintain() {
        long stale = System.currentTimeMillis() - TOUCH_AFTER.toMillis();
        for (String rel = touches.poll(); rel != null; rel = touches.poll()) {
            touch(root.resolve(rel), stale);
        }
        while (true) {
            int shard;
            synchronized (counts) {
                shard = recount.nextSetBit(0);
                if (shard < 0) {
                    break;
                }
                recount.clear(shard);
            }
            countFromFiles(shard);
        }
        evictDownTo(budget);
    }

    private static void touch(Path file, long staleBefore) {
        try {
            if (Files.getLastModifiedTime(file, LinkOption.NOFOLLOW_LINKS).toMillis() < staleBefore) {
                Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis()));
            }
        } catch (IOException gone) {
            // evicted or cleared meanwhile
        }
    }

    /**
     * Evicts, oldest first, until the store holds at most {@code target} bytes, down to 90 % of
     * it: each pass lists the fullest shards (all of them in a small store, where that is exact
     * LRU; one or a few in a large one, whose shards each hold thousands of files) and deletes
     * their oldest files, none from a shard already down to 90 % of its share.
     */
    private void evictDownTo(long target) {
        long shardFloor = (long) (CLEAN_TO * target / SHARDS);
        // each pass deletes files or corrects counts; the bound guards against a store that
        // keeps growing faster than it is cleaned
        for (int pass = 0; pass < 2 * SHARDS; pass++) {
            BitSet shards = new BitSet(SHARDS);
            long need;
            synchronized (counts) {
                if (total <= target) {
                    return;
                }
                need = total - (long) (CLEAN_TO * target);
                Integer[] order = new Integer[SHARDS];
                for (int i = 0; i < SHARDS; i++) {
                    order[i] = i;
                }
                java.util.Arrays.sort(order, (a, b) -> Long.compare(bytes[b], bytes[a]));
                long listed = 0;
                for (int i = 0; i < SHARDS && listed < LIST_AT_LEAST; i++) {
                    shards.set(order[i]);
                    for (long[] kind : files) {
                        listed += kind[order[i]];
                    }
                }
            }
            clean(shards, need, shardFloor);
        }
    }

    /** Files an eviction pass lists at least (all of a small store's, a shard or two of a large one's). */
    private static final int LIST_AT_LEAST = 4096;

    /** A file found listing a shard. */
    private record Found(String relative, int shard, long size, long modified) {
    }

    /** Counts one shard again from its files. */
    private void countFromFiles(int shard) {
        BitSet one = new BitSet(SHARDS);
        one.set(shard);
        clean(one, 0, 0);
    }

    /**
     * Lists these shards, deletes their oldest files until {@code need} bytes are freed (none
     * from a shard holding {@code shardFloor} bytes or less), and sets their counts to what is
     * left, with what was written to them or removed meanwhile.
     */
    private void clean(BitSet shards, long need, long shardFloor) {
        long startedIn;
        synchronized (counts) {
            startedIn = generation;
            listing.clear();
            listing.or(shards);
            changedWhileListing.clear();
        }
        List<Found> found = new ArrayList<>();
        long[] sums = new long[SHARDS];
        for (int shard = shards.nextSetBit(0); shard >= 0; shard = shards.nextSetBit(shard + 1)) {
            String hex = StoreFiles.shardName(shard);
            for (String kind : KINDS) {
                Path dir = root.resolve(kind).resolve(hex);
                try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
                    for (Path p : entries) {
                        try {
                            BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class,
                                    LinkOption.NOFOLLOW_LINKS);
                            if (a.isRegularFile()) {
                                found.add(new Found(kind + "/" + hex + "/" + p.getFileName(), shard, a.size(),
                                        a.lastModifiedTime().toMillis()));
                                sums[shard] += a.size();
                            }
                        } catch (IOException gone) {
                            // deleted while listing
                        }
                    }
                } catch (NoSuchFileException none) {
                    // an empty shard
                } catch (IOException e) {
                    log.warn("could not list {}: {}", dir, e.toString());
                }
            }
        }
        Map<String, Long> left = new HashMap<>(found.size() * 2);
        if (need > 0) {
            found.sort(Comparator.comparingLong(Found::modified));
        }
        long freed = 0;
        for (Found f : found) {
            if (freed < need && sums[f.shard()] > shardFloor && delete(f.relative())) {
                sums[f.shard()] -= f.size();
                freed += f.size();
                evictions.increment();
            } else {
                left.put(f.relative(), f.size());
            }
        }
        synchronized (counts) {
            listing.clear();
            listings++;
            for (int shard = shards.nextSetBit(0); shard >= 0; shard = shards.nextSetBit(shard + 1)) {
                listedAt[shard] = listings;
            }
            if (generation != startedIn) {
                changedWhileListing.clear();
                return; // cleared meanwhile: what was listed is gone
            }
            for (Map.Entry<String, Long> c : changedWhileListing.entrySet()) {
                if (c.getValue() < 0) {
                    left.remove(c.getKey());
                } else {
                    left.put(c.getKey(), c.getValue());
                }
            }
            changedWhileListing.clear();
            long[] shardBytes = new long[SHARDS];
            long[][] perKind = new long[KINDS.size()][SHARDS];
            for (Map.Entry<String, Long> f : left.entrySet()) {
                Place p = place(f.getKey());
                shardBytes[p.shard()] += f.getValue();
                perKind[p.kind()][p.shard()]++;
            }
            for (int shard = shards.nextSetBit(0); shard >= 0; shard = shards.nextSetBit(shard + 1)) {
                total += shardBytes[shard] - bytes[shard];
                bytes[shard] = shardBytes[shard];
                for (int k = 0; k < KINDS.size(); k++) {
                    files[k][shard] = perKind[k][shard];
                }
            }
        }
    }

    private boolean delete(String relative) {
        try {
            Files.deleteIfExists(root.resolve(relative));
            return true;
        } catch (IOException e) {
            log.warn("could not evict {}: {}", relative, e.toString());
            return false;
        }
    }

    /** Saves the counts (one line per shard) for the next daemon's start. */
    void save(Path snapshot, Path tmp) throws IOException {
        Path staged = tmp.resolve("index-" + ProcessHandle.current().pid());
        try (BufferedWriter w = Files.newBufferedWriter(staged, StandardCharsets.UTF_8)) {
            w.write(HEADER);
            w.write('\n');
            synchronized (counts) {
                for (int s = 0; s < SHARDS; s++) {
                    w.write(s + "\t" + bytes[s]);
                    for (long[] kind : files) {
                        w.write("\t" + kind[s]);
                    }
                    w.write('\n');
                }
            }
        }
        StoreFiles.publish(staged, snapshot);
    }

    /**
     * Loads saved counts (and deletes them: while the daemon runs they are stale). False when
     * there are none, or they are not whole (another format, a torn file): the caller then scans.
     */
    boolean load(Path snapshot) throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(snapshot, StandardCharsets.UTF_8);
        } catch (NoSuchFileException | java.nio.charset.MalformedInputException e) {
            return false;
        } finally {
            Files.deleteIfExists(snapshot);
        }
        if (lines.size() != SHARDS + 1 || !lines.get(0).equals(HEADER)) {
            return false;
        }
        long[] b = new long[SHARDS];
        long[][] f = new long[KINDS.size()][SHARDS];
        for (int s = 0; s < SHARDS; s++) {
            String[] cols = lines.get(s + 1).split("\t");
            if (cols.length != 2 + KINDS.size() || !cols[0].equals(Integer.toString(s))) {
                return false;
            }
            try {
                b[s] = Long.parseLong(cols[1]);
                for (int k = 0; k < KINDS.size(); k++) {
                    f[k][s] = Long.parseLong(cols[2 + k]);
                }
            } catch (NumberFormatException torn) {
                return false;
            }
        }
        synchronized (counts) {
            long sum = 0;
            for (int s = 0; s < SHARDS; s++) {
                bytes[s] = b[s];
                sum += b[s];
                for (int k = 0; k < KINDS.size(); k++) {
                    files[k][s] = f[k][s];
                }
            }
            total = sum;
        }
        return true;
    }

    /** Counts every shard from its files (no saved counts), shard by shard, evicting if over the budget. */
    void scan() {
        for (int s = 0; s < SHARDS; s++) {
            recount(s);
        }
        maintainSoon();
    }
}
