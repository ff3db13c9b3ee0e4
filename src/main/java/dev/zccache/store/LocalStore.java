package dev.zccache.store;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.zccache.hash.FileStateCache;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * The local store under {@code <cache dir>/store}: blobs, result entries and manifests, the index
 * that keeps them within the size budget, and memos of parsed records so a hit reads no JSON.
 * The one place that knows the store's layout.
 */
public final class LocalStore {

    static final String BLOBS = "blobs";
    static final String RESULTS = "results";
    static final String MANIFESTS = "manifests";
    private static final String SNAPSHOT = "index.tsv";
    private static final Logger log = LoggerFactory.getLogger(LocalStore.class);

    private final Path root;
    private final Path tmp;
    private final long budgetBytes;
    private final BlobStore blobs;
    private final IndexedRecords<ResultEntry> results;
    private final IndexedRecords<Manifest> manifests;
    private final StoreIndex index;
    private final JsonMapper json;
    private final AtomicLong trashSerial = new AtomicLong();
    /**
     * Writers and hits share it, {@link #clear} takes it alone: a file written (and indexed)
     * while a clear moves the directories away would stay in the index with no file behind it.
     */
    private final ReentrantReadWriteLock clearing = new ReentrantReadWriteLock();
    private volatile String writeFailure;
    /** Counting the store at start (no saved counts), until it ends; else null. */
    private final Thread scan;

    /** Store work that a {@link #clear} must not cut in two. */
    @FunctionalInterface
    public interface StoreWork {
        void run() throws IOException;
    }

    /** Store work with a result (also what {@link StoreIndex#paused} runs). */
    @FunctionalInterface
    interface StoreRead<T> {
        T get() throws IOException;
    }

    /** Runs beside other writes and hits, never during a clear or a verify. */
    private <T> T shared(StoreRead<T> work) throws IOException {
        clearing.readLock().lock();
        try {
            return work.get();
        } finally {
            clearing.readLock().unlock();
        }
    }

    public LocalStore(Path cacheDir, long budgetBytes, JsonMapper json, Executor maintenance) throws IOException {
        this(cacheDir, budgetBytes, json, maintenance,
                new FileStateCache(100_000, Clock.systemUTC(), Duration.ofMillis(50)));
    }

    /** @param verifiedBlobs remembers which blobs were verified, by stat (see BlobStore) */
    public LocalStore(Path cacheDir, long budgetBytes, JsonMapper json, Executor maintenance,
            FileStateCache verifiedBlobs) throws IOException {
        this.root = Files.createDirectories(cacheDir.resolve("store"));
        this.tmp = cacheDir.resolve("tmp");
        wipe(tmp);
        Files.createDirectories(tmp);
        this.budgetBytes = budgetBytes;
        this.json = json;
        this.blobs = new BlobStore(root.resolve(BLOBS), tmp, verifiedBlobs);
        this.index = new StoreIndex(root, budgetBytes, maintenance);
        this.results = new IndexedRecords<>(new RecordStore<>(root.resolve(RESULTS), tmp, ResultEntry.class, json));
        this.manifests = new IndexedRecords<>(new RecordStore<>(root.resolve(MANIFESTS), tmp, Manifest.class, json));
        if (!index.load(root.resolve(SNAPSHOT))) {
            // no saved counts (first start, or a crash): count what is there without delaying
            // the socket; until the scan ends, entries and size are low and eviction starts late
            scan = new Thread(index::scan, "zccache-store-scan");
            scan.setDaemon(true);
            scan.start();
        } else {
            scan = null;
        }
    }

    /** Scratch space on the store's file system (wiped at start). */
    public Path tmp() {
        return tmp;
    }

    public long budgetBytes() {
        return budgetBytes;
    }

    public String putBlob(Path file) throws IOException {
        return shared(() -> {
            long ticket = index.ticket();
            return indexed(blobs.store(file), ticket);
        });
    }

    public String putBlob(byte[] bytes) throws IOException {
        return shared(() -> {
            long ticket = index.ticket();
            return indexed(blobs.store(bytes), ticket);
        });
    }

    /**
     * Runs the writes of one entry (its blobs, result and manifest) as one step against
     * {@link #clear}: all of them before it, or all after. Remembers whether they failed (a full
     * disk), until an entry is written again.
     */
    public void publishing(StoreWork work) throws IOException {
        try {
            shared(() -> {
                work.run();
                return null;
            });
            writeFailure = null;
        } catch (IOException | RuntimeException e) {
            writeFailure = Instant.now() + ": " + e;
            throw e;
        }
    }

    /** A write to the store's file system failed outside an entry's (a compiler's scratch file on a full disk). */
    public void writeFailed(String why) {
        writeFailure = Instant.now() + ": " + why;
    }

    /** Why the last entry could not be written (when, and the error), unless one was written since. */
    public Optional<String> writeFailure() {
        return Optional.ofNullable(writeFailure);
    }

    private String indexed(BlobStore.Stored blob, long ticket) {
        index.written(root.relativize(blobs.path(blob.digest())).toString(), blob.before(), blob.size(), ticket);
        return blob.digest();
    }

    /** Whether the store holds this blob (its content is verified when it is delivered). */
    public boolean hasBlob(String digest) {
        return Files.exists(blobs.path(digest));
    }

    /** Copies a verified blob to {@code destination}; false (and the blob forgotten) when missing or corrupt. */
    public boolean deliverBlob(String digest, Path destination) throws IOException {
        return shared(() -> track(digest, blobs.deliver(digest, destination)));
    }

    public Optional<byte[]> readBlob(String digest) throws IOException {
        return shared(() -> {
            Optional<byte[]> bytes = blobs.read(digest);
            track(digest, bytes.isPresent());
            return bytes;
        });
    }

    /** Tells the index a blob was used, or is gone (BlobStore deleted it, or it never was). */
    private boolean track(String digest, boolean present) {
        String rel = root.relativize(blobs.path(digest)).toString();
        if (present) {
            index.used(rel);
        } else {
            index.gone(rel);
        }
        return present;
    }

    public Optional<Manifest> manifest(String contextKey) throws IOException {
        return manifests.get(contextKey);
    }

    public void putManifest(String contextKey, Manifest manifest) throws IOException {
        shared(() -> {
            manifests.put(contextKey, manifest);
            return null;
        });
    }

    public Optional<ResultEntry> result(String resultKey) throws IOException {
        return results.get(resultKey);
    }

    public void putResult(String resultKey, ResultEntry entry) throws IOException {
        shared(() -> {
            results.put(resultKey, entry);
            return null;
        });
    }

    /** A result whose outputs could not be delivered: forget it so the next compile rewrites it. */
    public void dropResult(String resultKey) throws IOException {
        results.drop(resultKey);
    }

    /** Drops the parsed records kept in memory: the next use of each reads its file again. */
    public void forgetParsedRecords() {
        results.memo.invalidateAll();
        manifests.memo.invalidateAll();
    }

    /**
     * Records of one kind, parsed once and kept in memory (a hit reads no JSON), with every
     * write and use reported to the index.
     */
    private final class IndexedRecords<T> {
        private final RecordStore<T> records;
        private final Cache<String, T> memo = Caffeine.newBuilder().maximumSize(20_000).build();

        IndexedRecords(RecordStore<T> records) {
            this.records = records;
        }

        Optional<T> get(String key) throws IOException {
            T known = memo.getIfPresent(key);
            if (known != null) {
                index.used(relative(key));
                return Optional.of(known);
            }
            Optional<T> read = records.get(key);
            read.ifPresent(r -> memo.put(key, r));
            return read;
        }

        void put(String key, T record) throws IOException {
            Path file = records.path(key);
            long ticket = index.ticket();
            long before = StoreFiles.sizeOrAbsent(file);
            records.put(key, record);
            memo.put(key, record);
            index.written(relative(key), before, Files.size(file), ticket);
        }

        void drop(String key) throws IOException {
            memo.invalidate(key);
            Path file = records.path(key);
            long ticket = index.ticket();
            long size = StoreFiles.sizeOrAbsent(file);
            if (size >= 0 && Files.deleteIfExists(file)) {
                index.removed(relative(key), size, ticket);
            }
        }

        void forgetAll() {
            memo.invalidateAll();
        }

        private String relative(String key) {
            return root.relativize(records.path(key)).toString();
        }
    }

    /** Result entries in the store (one per cached compile). */
    public long entries() {
        return index.count(RESULTS);
    }

    public long sizeBytes() {
        return index.totalBytes();
    }

    public long evictions() {
        return index.evictions();
    }

    /**
     * Removes every entry. The old directories are moved aside first (while no entry is being
     * written), then deleted, so this is quick.
     */
    public void clear() throws IOException {
        List<Path> trash = new ArrayList<>(3);
        clearing.writeLock().lock();
        try {
            results.forgetAll();
            manifests.forgetAll();
            for (String dir : List.of(BLOBS, RESULTS, MANIFESTS)) {
                Path d = root.resolve(dir);
                Path aside = tmp.resolve("clear-" + dir + "-" + trashSerial.incrementAndGet());
                try {
                    Files.move(d, aside);
                } catch (java.nio.file.NoSuchFileException gone) {
                    continue;
                }
                Files.createDirectories(d);
                StoreFiles.createShards(d);
                trash.add(aside);
            }
            // after the move: a listing (the start-up scan, an eviction) that began before it
            // sets no counts, and one that begins now finds the new, empty directories
            index.clear();
        } finally {
            clearing.writeLock().unlock();
        }
        for (Path t : trash) {
            wipe(t);
        }
        StoreFiles.commitRemovals(root);
    }

    /**
     * What {@code zccache verify} found.
     *
     * @param checked files checked per store directory (blobs, results, manifests)
     * @param problems how many of each problem, by its description, in a fixed order
     * @param examples the first problems found, one line each (kind and path)
     * @param repaired whether they were repaired (damaged files removed, the index corrected)
     */
    public record Verification(Map<String, Long> checked, Map<String, Long> problems, List<String> examples,
            boolean repaired) {

        public long problemCount() {
            return problems.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /**
     * Checks every file of the store ({@link StoreVerifier}), compiles' writes and hits waiting
     * meanwhile so that nothing is half-written; with {@code repair}, removes every damaged
     * file and every record naming one (the next compile of it is a miss and stores it anew)
     * and corrects the index.
     */
    public Verification verify(boolean repair) throws IOException {
        if (scan != null) {
            try {
                scan.join(); // the counts are whole only once the start-up scan has ended
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted waiting for the store's scan");
            }
        }
        clearing.writeLock().lock();
        try {
            index.settle();
            StoreVerifier.Report report = index.paused(() -> new StoreVerifier(root, json).check(index.shardBytes()));
            Map<String, Long> problems = new LinkedHashMap<>();
            for (StoreVerifier.Problem p : StoreVerifier.Problem.values()) {
                problems.put(p.text, report.count(p));
            }
            List<String> examples = report.findings().stream().limit(20)
                    .map(f -> f.problem().text + ": " + f.path()).toList();
            if (repair) {
                for (StoreVerifier.Finding f : report.findings()) {
                    repair(f);
                }
                index.settle(); // the shards of the files removed, counted again
            }
            return new Verification(report.checked(), problems, examples, repair && !report.findings().isEmpty());
        } finally {
            clearing.writeLock().unlock();
        }
    }

    private void repair(StoreVerifier.Finding f) throws IOException {
        switch (f.problem()) {
            case DAMAGED_BLOB, STRAY_FILE -> {
                Files.deleteIfExists(root.resolve(f.path()));
                index.gone(f.path());
            }
            case DAMAGED_RESULT, RESULT_WITHOUT_BLOB -> dropRecord(results, f);
            case DAMAGED_MANIFEST, ENTRY_WITHOUT_RESULT -> dropRecord(manifests, f);
            case MISCOUNTED_SHARD -> index.recount(Integer.parseInt(f.path(), 16));
        }
    }

    private void dropRecord(IndexedRecords<?> records, StoreVerifier.Finding f) throws IOException {
        if (f.key() != null) {
            records.drop(f.key());
        } else {
            Files.deleteIfExists(root.resolve(f.path()));
            index.gone(f.path());
        }
    }

    /** Evicts the least valuable entries now until the store takes at most {@code targetBytes}. */
    public void trimTo(long targetBytes) {
        index.trimTo(targetBytes);
    }

    /** Applies pending evictions (tests and trim); hits never wait for this. */
    public void settle() {
        index.settle();
    }

    /** Saves the index so that the next daemon starts with it (called at shutdown). */
    public void saveIndex() throws IOException {
        index.save(root.resolve(SNAPSHOT), tmp);
    }

    /** Deletes a directory tree a store wrote, its read-only blobs included (nothing if it is absent). */
    public static void wipe(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                if (Files.isDirectory(p)) {
                    // blob shards are read-only files in writable dirs; dirs need write to delete
                    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
                }
                Files.deleteIfExists(p);
            }
        }
    }
}
