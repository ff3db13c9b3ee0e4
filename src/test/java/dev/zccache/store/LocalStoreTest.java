package dev.zccache.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zccache.store.Manifest;
import dev.zccache.store.ResultEntry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

class LocalStoreTest {

    @TempDir
    Path cache;

    @TempDir
    Path out;

    private final JsonMapper json = JsonMapper.builder().build();
    private final String key = "ab" + "1".repeat(62);

    private LocalStore store() throws Exception {
        return new LocalStore(cache, 1L << 30, json, Runnable::run);
    }

    @Test
    void entriesAndSizeFollowWhatIsStored() throws Exception {
        LocalStore s = store();
        String blob = s.putBlob("object bytes".getBytes());
        s.putResult(key, new ResultEntry(Map.of("object", blob), "", "", "t.o", 5));
        s.putManifest(key, Manifest.empty().with(new Manifest.Entry(List.of(), List.of(), key)));
        assertThat(s.entries()).isEqualTo(1);
        assertThat(s.sizeBytes()).isGreaterThan("object bytes".length());
        assertThat(s.result(key)).isPresent();
        assertThat(s.manifest(key)).isPresent();
    }

    @Test
    void deliveredFileIsAPrivateWritableCopy() throws Exception {
        LocalStore s = store();
        String blob = s.putBlob("abc".getBytes());
        Path dest = out.resolve("t.o");
        Files.writeString(dest, "old");
        assertThat(s.deliverBlob(blob, dest)).isTrue();
        assertThat(Files.readString(dest)).isEqualTo("abc");
        Files.writeString(dest, "edited by the user");
        assertThat(s.deliverBlob(blob, out.resolve("again.o"))).isTrue();
        assertThat(Files.readString(out.resolve("again.o"))).isEqualTo("abc");
    }

    @Test
    void clearRemovesEveryEntryButKeepsTheStoreUsable() throws Exception {
        LocalStore s = store();
        String blob = s.putBlob("x".getBytes());
        s.putResult(key, new ResultEntry(Map.of("object", blob), "", "", "t.o", 5));
        s.clear();
        assertThat(s.entries()).isZero();
        assertThat(s.sizeBytes()).isZero();
        assertThat(s.result(key)).isEmpty();
        assertThat(s.deliverBlob(blob, out.resolve("t.o"))).isFalse();
        String again = s.putBlob("x".getBytes());
        assertThat(s.deliverBlob(again, out.resolve("t.o"))).isTrue();
    }

    @Test
    void aClearLeavesEveryShardDirectoryReadySoWritesAfterItMakeNone() throws Exception {
        LocalStore s = store();
        s.putBlob("x".getBytes());
        s.clear();
        for (String kind : java.util.List.of(LocalStore.BLOBS, LocalStore.RESULTS, LocalStore.MANIFESTS)) {
            try (var shards = Files.list(cache.resolve("store").resolve(kind))) {
                assertThat(shards.filter(Files::isDirectory).map(p -> p.getFileName().toString()))
                        .hasSize(256).contains("00", "7f", "ff");
            }
        }
        assertThat(s.verify(false).problemCount()).isZero();
    }

    @Test
    void aClearWaitsForAnEntryBeingWritten_SoTheIndexNamesNoFileItMovedAway() throws Exception {
        LocalStore s = store();
        java.util.concurrent.CountDownLatch inside = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch proceed = new java.util.concurrent.CountDownLatch(1);
        Thread writer = new Thread(() -> {
            try {
                s.publishing(() -> {
                    String blob = s.putBlob("half an entry".getBytes());
                    inside.countDown();
                    try {
                        proceed.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    s.putResult(key, new ResultEntry(Map.of("object", blob), "", "", "t.o", 5));
                });
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        writer.start();
        inside.await();
        Thread clearer = new Thread(() -> {
            try {
                s.clear();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        clearer.start();
        clearer.join(300);
        assertThat(clearer.isAlive()).as("the clear waits for the entry").isTrue();
        proceed.countDown();
        writer.join();
        clearer.join();
        assertThat(s.entries()).isZero();
        assertThat(s.sizeBytes()).as("nothing indexed that the clear removed").isZero();
        assertThat(s.result(key)).isEmpty();
    }

    @Test
    void aClearDuringTheStartUpScanLeavesNothingCounted() throws Exception {
        for (int i = 0; i < 100; i++) {
            Path dir = cache.resolve("round-" + i);
            LocalStore s = new LocalStore(dir, 1L << 30, json, Runnable::run); // no saved counts: scanning
            s.putBlob(("x" + i).getBytes());
            s.clear();
            s.verify(false); // waits for the scan
            assertThat(s.sizeBytes()).as("round " + i).isZero();
            assertThat(s.entries()).isZero();
        }
    }

    @Test
    void verifyFindsEveryKindOfDamage_AndRepairLeavesASoundStore() throws Exception {
        LocalStore s = store();
        String good = s.putBlob("good".getBytes());
        String flipped = s.putBlob("flipped".getBytes());
        String gone = s.putBlob("gone".getBytes());
        String k1 = "a1" + "0".repeat(62);
        String k2 = "a2" + "0".repeat(62);
        String k3 = "a3" + "0".repeat(62);
        String k4 = "a4" + "0".repeat(62);
        s.putResult(k1, new ResultEntry(Map.of("object", good), "", "", "t.o", 5));
        s.putResult(k2, new ResultEntry(Map.of("object", gone), "", "", "t.o", 5));
        s.putResult(k3, new ResultEntry(Map.of("object", good), "", "", "t.o", 5));
        s.putManifest(k1, Manifest.empty().with(new Manifest.Entry(List.of(), List.of(), k1)));
        s.putManifest(k2, Manifest.empty().with(new Manifest.Entry(List.of(), List.of(), k2)));
        assertThat(s.verify(false).problemCount()).as("sound to begin with").isZero();
        s.putManifest(k4, Manifest.empty().with(new Manifest.Entry(List.of(), List.of(), k4))); // no such result

        Path store = cache.resolve("store");
        Path flippedFile = store.resolve("blobs/" + flipped.substring(0, 2) + "/" + flipped.substring(2));
        Files.setPosixFilePermissions(flippedFile, PosixFilePermissions.fromString("rw-r--r--"));
        Files.writeString(flippedFile, "flipbed");
        Files.delete(store.resolve("blobs/" + gone.substring(0, 2) + "/" + gone.substring(2)));
        Files.writeString(store.resolve("results/a3/" + "0".repeat(62) + ".json"), "{\"outputs\": {\"obj");
        Files.writeString(store.resolve("manifests/stray.json"), "not a manifest");

        LocalStore.Verification found = s.verify(false);
        assertThat(found.problems()).containsEntry("blob whose bytes do not match its name", 1L)
                .containsEntry("result that is not readable", 1L)
                .containsEntry("result naming a missing or damaged blob", 1L)
                .containsEntry("manifest naming a missing or unusable result", 2L)
                .containsEntry("manifest that is not readable", 1L)
                .containsEntry("file outside the store's layout", 1L)
                .containsEntry("shard whose size the index miscounts", 2L); // gone's, and a3's result rewritten
        assertThat(found.repaired()).isFalse();
        assertThat(found.examples()).anyMatch(e -> e.contains(flipped.substring(2)));

        assertThat(s.verify(true).repaired()).isTrue();
        LocalStore.Verification after = s.verify(false);
        assertThat(after.problemCount()).as(after.examples().toString()).isZero();
        assertThat(s.result(k1)).isPresent();
        assertThat(s.manifest(k1)).isPresent();
        assertThat(s.manifest(k2)).isEmpty();
        assertThat(s.result(k3)).isEmpty();
        assertThat(s.deliverBlob(good, out.resolve("g.o"))).isTrue();
    }

    @Test
    void aFailedEntryIsRememberedUntilOneIsWrittenAgain() throws Exception {
        LocalStore s = store();
        assertThat(s.writeFailure()).isEmpty();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> s.publishing(() -> {
            throw new java.io.IOException("No space left on device");
        })).isInstanceOf(java.io.IOException.class);
        assertThat(s.writeFailure()).hasValueSatisfying(f -> assertThat(f).contains("No space left on device"));
        s.publishing(() -> s.putBlob("fits".getBytes()));
        assertThat(s.writeFailure()).isEmpty();
    }

    @Test
    void restartIsWarmAndScratchSpaceIsWiped() throws Exception {
        LocalStore s = store();
        String blob = s.putBlob("kept".getBytes());
        Files.writeString(s.tmp().resolve("debris"), "half a blob");
        Path ro = Files.createDirectories(s.tmp().resolve("clear-blobs-9/ab"));
        Files.writeString(ro.resolve("f"), "x");
        Files.setPosixFilePermissions(ro.resolve("f"), PosixFilePermissions.fromString("r--r--r--"));
        s.saveIndex();
        LocalStore restarted = store();
        assertThat(restarted.tmp()).isEmptyDirectory();
        assertThat(restarted.sizeBytes()).isEqualTo(4);
        assertThat(restarted.deliverBlob(blob, out.resolve("k"))).isTrue();
    }

    @Test
    void parsedRecordsAreKeptUntilForgotten_ThenReadFromTheirFilesAgain() throws Exception {
        LocalStore s = store();
        s.putResult(key, new ResultEntry(Map.of(), "first", "", "t.o", 1));
        s.putManifest(key, Manifest.empty().with(new Manifest.Entry(List.of(), List.of(), "first")));
        LocalStore other = store(); // writes the same files behind the first one's back
        other.putResult(key, new ResultEntry(Map.of(), "second", "", "t.o", 1));
        other.putManifest(key, Manifest.empty().with(new Manifest.Entry(List.of(), List.of(), "second")));
        assertThat(s.result(key).orElseThrow().stdout()).isEqualTo("first");
        assertThat(s.manifest(key).orElseThrow().entries().get(0).resultKey()).isEqualTo("first");
        s.forgetParsedRecords();
        assertThat(s.result(key).orElseThrow().stdout()).isEqualTo("second");
        assertThat(s.manifest(key).orElseThrow().entries().get(0).resultKey()).isEqualTo("second");
    }

    @Test
    void droppedResultIsGone() throws Exception {
        LocalStore s = store();
        s.putResult(key, new ResultEntry(Map.of(), "", "", "t.o", 1));
        s.dropResult(key);
        assertThat(s.result(key)).isEmpty();
        assertThat(s.entries()).isZero();
    }
}
