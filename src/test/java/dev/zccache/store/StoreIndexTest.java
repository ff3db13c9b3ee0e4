package dev.zccache.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreIndexTest {

    @TempDir
    Path root;

    private static final Executor NOW = Runnable::run;

    /** A file of the store's layout in shard {@code shard}: kind/ab/<62 hex><suffix>. */
    private String name(String kind, int shard, int n) {
        String suffix = kind.equals("blobs") ? "" : ".json";
        return kind + "/" + String.format("%02x", shard) + "/" + String.format("%062x", n) + suffix;
    }

    /** A new file written, with no listing under way. */
    private static void added(StoreIndex index, String rel, long size) {
        index.written(rel, -1, size, index.ticket());
    }

    private String file(String rel, int size, long modifiedMillis) throws Exception {
        Path p = root.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.write(p, new byte[size]);
        Files.setLastModifiedTime(p, FileTime.fromMillis(modifiedMillis));
        return rel;
    }

    @Test
    void countsBytesAndFilesOfEachKindAndRewritesOnce() {
        StoreIndex index = new StoreIndex(root, 1 << 30, NOW);
        added(index, name("blobs", 1, 1), 100);
        added(index, name("results", 1, 1), 20);
        added(index, name("manifests", 2, 1), 30);
        index.written(name("manifests", 2, 1), 30, 45, index.ticket());  // a manifest rewritten with one more entry
        index.written(name("blobs", 1, 1), 100, 100, index.ticket()); // the same blob written again
        assertThat(index.totalBytes()).isEqualTo(165);
        assertThat(index.count("results")).isEqualTo(1);
        assertThat(index.count("blobs")).isEqualTo(1);
        assertThat(index.count("manifests")).isEqualTo(1);
        index.removed(name("results", 1, 1), 20, index.ticket());
        assertThat(index.totalBytes()).isEqualTo(145);
        assertThat(index.count("results")).isZero();
        added(index, "manifests/stray.json", 1000);
        assertThat(index.totalBytes()).as("outside the layout: not counted").isEqualTo(145);
    }

    @Test
    void beyondTheBudgetTheOldestFilesOfTheFullestShardsGo() throws Exception {
        StoreIndex index = new StoreIndex(root, 10_000, NOW);
        long t0 = System.currentTimeMillis() - 3_600_000;
        List<String> files = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            // three files a shard, ten shards; written a minute apart, oldest first
            String rel = file(name("blobs", i % 10, i), 1000, t0 + i * 60_000L);
            files.add(rel);
            added(index, rel, 1000);
        }
        index.settle();
        assertThat(index.totalBytes()).isLessThanOrEqualTo(10_000);
        assertThat(index.evictions()).isGreaterThanOrEqualTo(20);
        long left = files.stream().filter(f -> Files.exists(root.resolve(f))).count();
        assertThat(left).isEqualTo(index.totalBytes() / 1000);
        // a small store is listed whole: exactly the newest are left
        for (int i = 0; i < 30; i++) {
            assertThat(Files.exists(root.resolve(files.get(i)))).as(files.get(i)).isEqualTo(i >= 30 - left);
        }
    }

    @Test
    void trimEvictsDownToATargetAndTheBudgetStays() throws Exception {
        StoreIndex index = new StoreIndex(root, 1 << 30, NOW);
        for (int i = 0; i < 64; i++) {
            added(index, file(name("results", i, i), 500, System.currentTimeMillis()), 500);
        }
        index.trimTo(8_000);
        assertThat(index.totalBytes()).isLessThanOrEqualTo(8_000);
        added(index, file(name("results", 200, 1), 500, System.currentTimeMillis()), 500);
        index.settle();
        assertThat(Files.exists(root.resolve(name("results", 200, 1)))).as("the budget, not the trim's target").isTrue();
    }

    @Test
    void aHitMovesAStaleFilesTimeToNowSoItOutlivesFilesWrittenLater() throws Exception {
        StoreIndex index = new StoreIndex(root, 1 << 30, NOW);
        long dayAgo = System.currentTimeMillis() - 86_400_000;
        String old = file(name("blobs", 5, 1), 100, dayAgo);
        String fresh = file(name("blobs", 5, 2), 100, System.currentTimeMillis() - 60_000);
        index.used(old);
        index.used(fresh);
        index.settle();
        assertThat(Files.getLastModifiedTime(root.resolve(old)).toMillis()).isGreaterThan(dayAgo + 3_600_000);
        assertThat(Files.getLastModifiedTime(root.resolve(fresh)).toMillis())
                .as("touched less than an hour ago: left alone").isLessThan(System.currentTimeMillis() - 30_000);
    }

    @Test
    void aFileIsLookedAtOnceAnHourHoweverOftenHitsUseIt() throws Exception {
        StoreIndex index = new StoreIndex(root, 1 << 30, NOW);
        long dayAgo = System.currentTimeMillis() - 86_400_000;
        String rel = file(name("results", 6, 1), 100, dayAgo);
        index.used(rel);
        index.settle();
        assertThat(Files.getLastModifiedTime(root.resolve(rel)).toMillis()).isGreaterThan(dayAgo + 3_600_000);
        Files.setLastModifiedTime(root.resolve(rel), FileTime.fromMillis(dayAgo));
        index.used(rel);
        index.settle();
        assertThat(Files.getLastModifiedTime(root.resolve(rel)).toMillis()).as("not queued again").isEqualTo(dayAgo);
    }

    @Test
    void aFileGoneBehindTheIndexIsCountedAgain() throws Exception {
        StoreIndex index = new StoreIndex(root, 1 << 30, NOW);
        String a = file(name("blobs", 7, 1), 300, System.currentTimeMillis());
        String b = file(name("blobs", 7, 2), 200, System.currentTimeMillis());
        added(index, a, 300);
        added(index, b, 200);
        Files.delete(root.resolve(a));
        index.gone(a);
        index.settle();
        assertThat(index.totalBytes()).isEqualTo(200);
        assertThat(index.count("blobs")).isEqualTo(1);
    }

    @Test
    void savedCountsRoundTripAndAreDeletedOnceRead() throws Exception {
        StoreIndex index = new StoreIndex(root, 1_000_000, NOW);
        added(index, name("results", 0xab, 1), 100);
        added(index, name("results", 0xab, 2), 200);
        added(index, name("blobs", 0xcd, 1), 300);
        Files.createDirectories(root.resolve("tmp"));
        index.save(root.resolve("index.tsv"), root.resolve("tmp"));

        StoreIndex loaded = new StoreIndex(root, 1_000_000, NOW);
        assertThat(loaded.load(root.resolve("index.tsv"))).isTrue();
        assertThat(loaded.totalBytes()).isEqualTo(600);
        assertThat(loaded.count("results")).isEqualTo(2);
        assertThat(loaded.shardBytes()[0xab]).isEqualTo(300);
        assertThat(root.resolve("index.tsv")).as("a running daemon's counts would be stale").doesNotExist();
    }

    @Test
    void savedCountsOfAnotherFormatOrTornAreNotUsed() throws Exception {
        Files.writeString(root.resolve("index.tsv"), "100\tblobs/ab/cd\n");
        assertThat(new StoreIndex(root, 1_000_000, NOW).load(root.resolve("index.tsv"))).isFalse();
        StoreIndex index = new StoreIndex(root, 1_000_000, NOW);
        added(index, name("blobs", 1, 1), 10);
        Files.createDirectories(root.resolve("tmp"));
        index.save(root.resolve("index.tsv"), root.resolve("tmp"));
        List<String> lines = Files.readAllLines(root.resolve("index.tsv"));
        Files.write(root.resolve("index.tsv"), lines.subList(0, 100));
        assertThat(new StoreIndex(root, 1_000_000, NOW).load(root.resolve("index.tsv"))).isFalse();
        assertThat(new StoreIndex(root, 1_000_000, NOW).load(root.resolve("index.tsv"))).as("none").isFalse();
    }

    @Test
    void withoutSavedCountsTheStoreIsScanned() throws Exception {
        file(name("blobs", 0xab, 1), 10, System.currentTimeMillis());
        file(name("results", 0xab, 1), 20, System.currentTimeMillis());
        file(name("manifests", 0x01, 1), 5, System.currentTimeMillis());
        file("elsewhere/three", 30, System.currentTimeMillis());
        StoreIndex index = new StoreIndex(root, 1_000_000, NOW);
        assertThat(index.load(root.resolve("index.tsv"))).isFalse();
        index.scan();
        assertThat(index.totalBytes()).isEqualTo(35);
        assertThat(index.count("results")).isEqualTo(1);
        assertThat(index.count("manifests")).isEqualTo(1);
    }

    @Test
    void aChangeThatALaterListingMayHaveSeenAlreadyRecountsItsShard() throws Exception {
        StoreIndex index = new StoreIndex(root, 1 << 30, NOW);
        long ticket = index.ticket();
        String rel = file(name("results", 9, 1), 50, System.currentTimeMillis()); // written...
        index.recount(9);                                                         // ...listed...
        index.written(rel, -1, 50, ticket);                                       // ...then reported
        index.settle();
        assertThat(index.totalBytes()).as("counted once").isEqualTo(50);
        assertThat(index.count("results")).isEqualTo(1);
        ticket = index.ticket();
        Files.delete(root.resolve(rel));
        index.recount(9);
        index.removed(rel, 50, ticket);
        index.settle();
        assertThat(index.totalBytes()).isZero();
        assertThat(index.count("results")).isZero();
    }

    @Test
    void aClearZeroesEveryCount() {
        StoreIndex index = new StoreIndex(root, 1_000_000, NOW);
        added(index, name("results", 3, 1), 10);
        index.clear();
        assertThat(index.totalBytes()).isZero();
        assertThat(index.count("results")).isZero();
    }
}
