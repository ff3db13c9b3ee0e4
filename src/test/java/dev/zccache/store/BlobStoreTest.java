package dev.zccache.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import dev.zccache.hash.FileStateCache;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlobStoreTest {

    @TempDir
    Path dir;
    BlobStore store;

    @BeforeEach
    void setUp() throws Exception {
        store = new BlobStore(dir.resolve("blobs"), dir.resolve("tmp"),
                new FileStateCache(1000, Clock.systemUTC(), Duration.ofMillis(50)));
    }

    @Test
    void storedBytesAreDeliveredExactlyAndTheBlobIsReadOnly() throws Exception {
        String d = store.put("object bytes".getBytes(StandardCharsets.UTF_8));
        assertThat(d).hasSize(64);
        Path out = dir.resolve("out.o");
        assertThat(store.deliver(d, out)).isTrue();
        assertThat(Files.readString(out)).isEqualTo("object bytes");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(store.path(d)))).isEqualTo("r--r--r--");
        // the user's copy is an ordinary writable file, never the read-only blob itself
        assertThat(Files.getPosixFilePermissions(out)).contains(java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
        assertThat(Files.isSameFile(out, store.path(d))).isFalse();
        assertThat(dir.resolve("tmp")).isEmptyDirectory();
    }

    @Test
    void editingTheDeliveredFileLeavesTheBlobIntact() throws Exception {
        String d = store.put("v1".getBytes(StandardCharsets.UTF_8));
        Path out = dir.resolve("out.o");
        store.deliver(d, out);
        Files.writeString(out, "user edit");
        Path again = dir.resolve("again.o");
        assertThat(store.deliver(d, again)).isTrue();
        assertThat(Files.readString(again)).isEqualTo("v1");
    }

    @Test
    void corruptBlobIsNotDeliveredAndIsRemoved() throws Exception {
        String d = store.put("0123456789".getBytes(StandardCharsets.UTF_8));
        Path blob = store.path(d);
        Files.setPosixFilePermissions(blob, PosixFilePermissions.fromString("rw-r--r--"));
        try (RandomAccessFile f = new RandomAccessFile(blob.toFile(), "rw")) {
            f.seek(3);
            f.write('X');
        }
        Path out = Files.writeString(dir.resolve("out.o"), "previous");
        assertThat(store.deliver(d, out)).isFalse();
        assertThat(Files.readString(out)).isEqualTo("previous");
        assertThat(store.contains(d)).isFalse();
        assertThat(dir).isDirectoryNotContaining("glob:**/.out.o.zccache-*");
    }

    @Test
    void aBlobVerifiedOnceIsStillCheckedAfterItChanges() throws Exception {
        String d = store.put("0123456789".getBytes(StandardCharsets.UTF_8));
        Thread.sleep(60); // older than the racy window: its verification is remembered
        assertThat(store.deliver(d, dir.resolve("a.o"))).isTrue();
        assertThat(store.deliver(d, dir.resolve("b.o"))).isTrue();
        assertThat(store.read(d)).isPresent();
        Path blob = store.path(d);
        Files.setPosixFilePermissions(blob, PosixFilePermissions.fromString("rw-r--r--"));
        try (RandomAccessFile f = new RandomAccessFile(blob.toFile(), "rw")) {
            f.seek(3);
            f.write('X'); // same size; the write moves the ctime
        }
        Path out = Files.writeString(dir.resolve("c.o"), "previous");
        assertThat(store.deliver(d, out)).isFalse();
        assertThat(Files.readString(out)).isEqualTo("previous");
        assertThat(store.contains(d)).isFalse();
    }

    @Test
    void truncatedBlobIsNotReadAndIsRemoved() throws Exception {
        String d = store.put("0123456789".getBytes(StandardCharsets.UTF_8));
        Path blob = store.path(d);
        Files.setPosixFilePermissions(blob, PosixFilePermissions.fromString("rw-r--r--"));
        Files.write(blob, "0123".getBytes(StandardCharsets.UTF_8));
        assertThat(store.read(d)).isEmpty();
        assertThat(store.contains(d)).isFalse();
    }

    @Test
    void missingBlobIsReportedNotThrown() throws Exception {
        String absent = "a".repeat(64);
        assertThat(store.deliver(absent, dir.resolve("x.o"))).isFalse();
        assertThat(store.read(absent)).isEmpty();
        assertThat(dir.resolve("x.o")).doesNotExist();
    }

    @Test
    void concurrentStoresOfTheSameBytesAgree() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<String>> puts = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                puts.add(pool.submit(() -> store.put(new byte[100_000])));
            }
            String first = puts.get(0).get();
            for (Future<String> f : puts) {
                assertThat(f.get()).isEqualTo(first);
            }
            assertThat(store.read(first)).hasValueSatisfying(b -> assertThat(b).hasSize(100_000));
        } finally {
            pool.shutdown();
        }
        assertThat(dir.resolve("tmp")).isEmptyDirectory();
    }
}
