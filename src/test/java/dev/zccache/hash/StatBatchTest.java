package dev.zccache.hash;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatBatchTest {

    @TempDir
    Path dir;

    @org.junit.jupiter.api.BeforeAll
    static void loadTheLibraryAsTheDaemonDoes() {
        NativeLibrary.load(Path.of(System.getProperty("java.io.tmpdir")));
    }

    private static FileStateCache.FileState state(Path p) throws Exception {
        return FileStateCache.stat(p).orElseThrow();
    }

    private static StatBatch batchOfFile(Path p) throws Exception {
        return StatBatch.builder().file(p, state(p)).build().orElseThrow();
    }

    private static StatBatch batchOfDirectory(Path d) throws Exception {
        FileStat.Info s = FileStat.follow(d);
        return StatBatch.builder().directory(d, s.fileKey(), s.mtimeNanos(), s.ctimeNanos()).build().orElseThrow();
    }

    @Test
    void theNativeLibraryIsLoadedInTheTestsAsInTheDaemon() {
        assertThat(StatBatch.available()).as("libzccache-native.so built into target/classes/native and loaded").isTrue();
    }

    @Test
    void nativeStatsSayWhatJavaNioSays() throws Exception {
        Path file = Files.writeString(dir.resolve("a.h"), "int a;\n");
        Files.setLastModifiedTime(file, FileTime.fromMillis(1_000_000_000_123L));
        Path link = Files.createSymbolicLink(dir.resolve("link.h"), file);
        Path sub = Files.createDirectories(dir.resolve("sub"));
        StatBatch.Builder b = StatBatch.builder().file(file, state(file)).file(link, state(link));
        FileStat.Info d = FileStat.follow(sub);
        StatBatch batch = b.directory(sub, d.fileKey(), d.mtimeNanos(), d.ctimeNanos()).build().orElseThrow();
        long[] now = batch.stat();

        FileStat.Info f = FileStat.follow(file);
        assertThat(new long[] {now[0], now[1], now[2], now[3], now[4], now[5]}).containsExactly(
                f.fileKey().device(), f.fileKey().inode(), StatBatch.REGULAR, 7,
                TimeUnit.MILLISECONDS.toNanos(1_000_000_000_123L), f.ctimeNanos());
        assertThat(now[6 + 1]).as("the link is followed").isEqualTo(f.fileKey().inode());
        assertThat(now[12 + 1]).isEqualTo(d.fileKey().inode());
        assertThat(now[12 + 2]).isEqualTo(StatBatch.DIRECTORY);
        assertThat(now[12 + 4]).isEqualTo(d.mtimeNanos());
        assertThat(now[12 + 5]).isEqualTo(d.ctimeNanos());
        assertThat(batch.size()).isEqualTo(3);
        assertThat(batch.stillHolds()).isTrue();
    }

    @Test
    void anEditWithTheMtimePutBackNoLongerHolds() throws Exception {
        Path file = Files.writeString(dir.resolve("a.h"), "int a;\n");
        StatBatch batch = batchOfFile(file);
        assertThat(batch.stillHolds()).isTrue();
        FileTime mtime = Files.getLastModifiedTime(file);
        Thread.sleep(20);
        Files.writeString(file, "int b;\n");
        Files.setLastModifiedTime(file, mtime);
        assertThat(batch.stillHolds()).isFalse();
    }

    @Test
    void aReplacedDeletedOrRetypedFileNoLongerHolds() throws Exception {
        Path file = Files.writeString(dir.resolve("a.h"), "int a;\n");
        StatBatch batch = batchOfFile(file);
        Path other = Files.writeString(dir.resolve("b.h"), "int a;\n");
        Files.move(other, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertThat(batch.stillHolds()).as("another inode").isFalse();

        StatBatch again = batchOfFile(file);
        Files.delete(file);
        assertThat(again.stillHolds()).as("missing").isFalse();
        Files.createDirectory(file);
        assertThat(again.stillHolds()).as("now a directory").isFalse();
    }

    @Test
    void changedNamesTheChangedPathsAndExpectingTakesTheirNewStates() throws Exception {
        Path a = Files.writeString(dir.resolve("a.h"), "int a;\n");
        Path b = Files.writeString(dir.resolve("b.h"), "int b;\n");
        StatBatch batch = StatBatch.builder().file(a, state(a)).file(b, state(b)).build().orElseThrow();
        assertThat(batch.changed()).isEmpty();
        Files.setLastModifiedTime(b, FileTime.fromMillis(1_000_000_000_000L));
        assertThat(batch.changed()).containsExactly(1);
        StatBatch renewed = batch.expecting(new int[] {1}, new FileStateCache.FileState[] {state(b)});
        assertThat(renewed.stillHolds()).isTrue();
        assertThat(batch.changed()).as("the old batch is unchanged").containsExactly(1);
    }

    @Test
    void aDirectoryWithANewEntryNoLongerHolds() throws Exception {
        Path sub = Files.createDirectories(dir.resolve("sub"));
        Files.setLastModifiedTime(sub, FileTime.fromMillis(1_000_000_000_000L));
        StatBatch batch = batchOfDirectory(sub);
        assertThat(batch.stillHolds()).isTrue();
        Files.writeString(sub.resolve("shadow.h"), "");
        Files.setLastModifiedTime(sub, FileTime.fromMillis(1_000_000_000_000L));
        assertThat(batch.stillHolds()).as("the ctime moved").isFalse();
    }

    @Test
    void aPathThroughARegularFileIsMissingNotAnError() throws Exception {
        Path file = Files.writeString(dir.resolve("a.h"), "");
        Path through = file.resolve("x.h");
        long[] now = StatBatch.builder().file(file, state(file)).directory(through,
                new FileStat.DeviceInode(0, 0), 0, 0).build().orElseThrow().stat();
        assertThat(now[6 + 2]).isEqualTo(StatBatch.MISSING);
    }

    @Test
    void aMissingPathHoldsUntilSomethingIsThere() throws Exception {
        Path absent = dir.resolve("sub/a.h");
        Path dangling = Files.createSymbolicLink(dir.resolve("dangling.h"), dir.resolve("nowhere"));
        StatBatch batch = StatBatch.builder().missing(absent).missing(dangling).build().orElseThrow();
        assertThat(batch.stillHolds()).as("no parent directory; a link to nothing").isTrue();
        Files.createDirectories(absent.getParent());
        assertThat(batch.stillHolds()).isTrue();
        Files.writeString(absent, "");
        assertThat(batch.changed()).containsExactly(0);
        Files.writeString(dir.resolve("nowhere"), "");
        assertThat(batch.changed()).containsExactly(0, 1);
    }

    @Test
    void relativePathsAreNotBatched() throws Exception {
        Path file = Files.writeString(dir.resolve("a.h"), "");
        assertThat(StatBatch.builder().file(file, state(file)).file(Path.of("rel.h"), state(file)).build()).isEmpty();
    }
}
