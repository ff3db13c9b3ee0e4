package dev.zccache.hash;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileStatTest {

    @TempDir
    Path dir;

    @Test
    void testsRunTheFastWayAsTheDaemonDoes() {
        assertThat(FileStat.fast()).as("sun.nio.fs opened (surefire argLine, jar manifest Add-Opens)").isTrue();
    }

    @Test
    void fastWaySaysWhatTheAttributeMapSays() throws Exception {
        Path f = Files.writeString(dir.resolve("a.h"), "int a;\n");
        Files.setLastModifiedTime(f, FileTime.fromMillis(1_000_000_000_000L));
        FileStat.Info fast = FileStat.follow(f);
        FileStat.Info map = FileStat.viaMap(f);
        assertThat(fast.size()).isEqualTo(map.size()).isEqualTo(7);
        assertThat(fast.mtimeNanos()).isEqualTo(map.mtimeNanos()).isEqualTo(TimeUnit.MILLISECONDS.toNanos(1_000_000_000_000L));
        assertThat(fast.ctimeNanos()).isEqualTo(map.ctimeNanos()).isNotEqualTo(fast.mtimeNanos());
        assertThat(fast.regularFile()).isTrue();
        assertThat(map.regularFile()).isTrue();
        assertThat(FileStat.follow(dir).directory()).isTrue();
        assertThat(FileStat.viaMap(dir).directory()).isTrue();
    }

    @Test
    void throughTheLibraryAStatSaysWhatJavaNioSaysAndNothingThereIsNull() throws Exception {
        assertThat(NativeLibrary.load(dir)).isTrue();
        Path f = Files.writeString(dir.resolve("a.h"), "int a;\n");
        Path link = Files.createSymbolicLink(dir.resolve("l.h"), f);
        for (Path p : java.util.List.of(f, link, dir)) {
            long[] n = StatBatch.single(p);
            assertThat(n).as("answered by the library").isNotNull();
            FileStat.Info map = FileStat.viaMap(p);
            assertThat(FileStat.follow(p)).isEqualTo(map);
        }
        assertThat(FileStat.follow(dir.resolve("missing.h"))).isNull();
        assertThat(FileStat.follow(f.resolve("under-a-file.h"))).as("a component that is no directory").isNull();
        assertThat(FileStat.follow(Path.of("relative.h"))).as("not handed to the library: java.nio's answer").isNull();
    }

    @Test
    void ctimeMovesOnEveryWriteEvenWhenTheMtimeIsPutBack() throws Exception {
        Path f = Files.writeString(dir.resolve("a.h"), "int a;\n");
        FileStat.Info before = FileStat.follow(f);
        Thread.sleep(20);
        Files.writeString(f, "int b;\n");
        Files.setLastModifiedTime(f, FileTime.from(before.mtimeNanos(), TimeUnit.NANOSECONDS));
        FileStat.Info after = FileStat.follow(f);
        assertThat(after.mtimeNanos()).isEqualTo(before.mtimeNanos());
        assertThat(after.ctimeNanos()).isGreaterThan(before.ctimeNanos());
    }

    @Test
    void missingIsNullAndSymlinksAreFollowed() throws Exception {
        assertThat(FileStat.follow(dir.resolve("none"))).isNull();
        Path target = Files.writeString(dir.resolve("t"), "x");
        Path link = Files.createSymbolicLink(dir.resolve("l"), target);
        assertThat(FileStat.follow(link).fileKey()).isEqualTo(FileStat.follow(target).fileKey());
        assertThat(FileStat.follow(link).regularFile()).isTrue();
        assertThat(FileStat.follow(dir.resolve("dangling-target"))).isNull();
        Files.createSymbolicLink(dir.resolve("dangling"), dir.resolve("gone"));
        assertThat(FileStat.follow(dir.resolve("dangling"))).isNull();
    }
}
