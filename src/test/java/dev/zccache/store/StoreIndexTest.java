package dev.zccache.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreIndexTest {

    @TempDir
    Path root;

    private Path file(String rel, int size) throws Exception {
        Path p = root.resolve(rel);
        Files.createDirectories(p.getParent());
        return Files.write(p, new byte[size]);
    }

    @Test
    void aScanBegunBeforeAClearAddsNothingAfterIt() throws Exception {
        StoreIndex index = new StoreIndex(root, 1L << 30, Runnable::run);
        file("results/ab/cd", 100);
        StoreIndex.Scan startup = index.beginScan();
        index.clear(); // zccache clear while the start-up scan walks the store
        startup.run(List.of("results"));
        assertThat(index.count("results/")).isZero();
        index.beginScan().run(List.of("results"));
        assertThat(index.count("results/")).isEqualTo(1);
    }

    @Test
    void filesBeyondTheBudgetAreEvictedAndDeleted() throws Exception {
        StoreIndex index = new StoreIndex(root, 10_000, Runnable::run);
        for (int i = 0; i < 30; i++) {
            file("blobs/f" + i, 1000);
            index.added("blobs/f" + i, 1000);
        }
        index.settle();
        assertThat(index.totalBytes()).isLessThanOrEqualTo(10_000);
        assertThat(index.evictions()).isGreaterThanOrEqualTo(20);
        try (var files = Files.list(root.resolve("blobs"))) {
            assertThat(files.count()).isLessThanOrEqualTo(10);
        }
    }

    @Test
    void snapshotRoundTripsSizesAndCounts() throws Exception {
        StoreIndex index = new StoreIndex(root, 1_000_000, Runnable::run);
        index.added("results/ab/x.json", 100);
        index.added("results/ab/y.json", 200);
        index.added("blobs/cd/z", 300);
        Files.createDirectories(root.resolve("tmp"));
        index.save(root.resolve("index.tsv"), root.resolve("tmp"));

        StoreIndex loaded = new StoreIndex(root, 1_000_000, Runnable::run);
        assertThat(loaded.load(root.resolve("index.tsv"))).isTrue();
        assertThat(loaded.totalBytes()).isEqualTo(600);
        assertThat(loaded.count("results/")).isEqualTo(2);
        assertThat(root.resolve("index.tsv")).as("a running daemon's snapshot would be stale").doesNotExist();
    }

    @Test
    void withoutASnapshotTheStoreIsScanned() throws Exception {
        file("blobs/ab/one", 10);
        file("results/ab/two.json", 20);
        file("elsewhere/three", 30);
        StoreIndex index = new StoreIndex(root, 1_000_000, Runnable::run);
        assertThat(index.load(root.resolve("index.tsv"))).isFalse();
        index.scan(List.of("blobs", "results"));
        assertThat(index.totalBytes()).isEqualTo(30);
        assertThat(index.count("results/")).isEqualTo(1);
    }

    @Test
    void usedFileUnknownToTheIndexIsAddedWithItsSize() throws Exception {
        file("blobs/ab/late", 42);
        StoreIndex index = new StoreIndex(root, 1_000_000, Runnable::run);
        index.used("blobs/ab/late");
        index.used("blobs/ab/missing");
        assertThat(index.totalBytes()).isEqualTo(42);
        index.removed("blobs/ab/late");
        assertThat(index.totalBytes()).isZero();
    }
}
