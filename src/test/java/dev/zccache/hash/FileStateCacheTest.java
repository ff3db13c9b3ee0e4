package dev.zccache.hash;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileStateCacheTest {

    @TempDir
    Path dir;

    /** A clock an hour ahead: files written now are not racy for it. */
    private final Clock later = Clock.fixed(Instant.now().plus(Duration.ofHours(1)), ZoneOffset.UTC);

    @Test
    void digestIsSha256OfTheContent() throws Exception {
        Path f = Files.writeString(dir.resolve("a.h"), "int a;\n");
        FileStateCache cache = new FileStateCache(100, later, Duration.ofSeconds(2));
        String expected = HexFormat.of().formatHex(
                MessageDigest.getInstance("SHA-256").digest("int a;\n".getBytes(StandardCharsets.UTF_8)));
        assertThat(cache.digest(f).orElseThrow().hex()).isEqualTo(expected);
    }

    @Test
    void statedGivesTheStatItsDigestHoldsForFromTheMemoAsFromARead() throws Exception {
        Path f = Files.writeString(dir.resolve("a.h"), "int a;\n");
        FileStateCache cache = new FileStateCache(100, later, Duration.ofSeconds(2));
        FileStateCache.Stated read = cache.stated(f).orElseThrow();
        assertThat(read.state()).isEqualTo(cache.state(f).orElseThrow());
        assertThat(read.changedAt()).isEqualTo(Math.max(read.state().mtimeNanos(), read.state().ctimeNanos()));
        FileStateCache.Stated memoized = cache.stated(f).orElseThrow();
        assertThat(memoized).isEqualTo(read);
        assertThat(cache.contentReads()).isEqualTo(1);
        Files.writeString(f, "int b;\n");
        Files.setLastModifiedTime(f, FileTime.from(Instant.now().plusSeconds(5)));
        FileStateCache.Stated changed = cache.stated(f).orElseThrow();
        assertThat(changed.digest()).isNotEqualTo(read.digest());
        assertThat(changed.changedAt()).isGreaterThan(read.changedAt());
        Files.delete(f);
        assertThat(cache.stated(f)).isEmpty();
    }

    @Test
    void unchangedFileIsNotReadAgain() throws Exception {
        Path f = Files.writeString(dir.resolve("a.h"), "int a;\n");
        FileStateCache cache = new FileStateCache(100, later, Duration.ofSeconds(2));
        FileDigest first = cache.digest(f).orElseThrow();
        assertThat(cache.digest(f)).contains(first);
        assertThat(cache.contentReads()).isEqualTo(1);
    }

    @Test
    void sameSizeEditWithMtimeRestoredIsSeenThroughTheCtime() throws Exception {
        Path f = Files.writeString(dir.resolve("a.h"), "int a;\n");
        FileTime mtime = Files.getLastModifiedTime(f);
        FileStateCache cache = new FileStateCache(100, later, Duration.ofSeconds(2));
        FileDigest before = cache.digest(f).orElseThrow();
        Files.writeString(f, "int b;\n"); // same size
        Files.setLastModifiedTime(f, mtime); // touch -r
        FileDigest after = cache.digest(f).orElseThrow();
        assertThat(after).isNotEqualTo(before);
        assertThat(cache.contentReads()).isEqualTo(2);
    }

    @Test
    void racyFileIsHashedEveryTime() throws Exception {
        Path f = Files.writeString(dir.resolve("a.h"), "int a;\n");
        FileStateCache cache = new FileStateCache(100, Clock.systemUTC(), Duration.ofSeconds(2));
        cache.digest(f);
        cache.digest(f);
        assertThat(cache.contentReads()).isEqualTo(2);
    }

    @Test
    void missingFileAndDirectoryHaveNoDigest() throws Exception {
        FileStateCache cache = new FileStateCache(100, later, Duration.ofSeconds(2));
        assertThat(cache.digest(dir.resolve("missing.h"))).isEmpty();
        assertThat(cache.digest(dir)).isEmpty();
    }

    @Test
    void symlinkDigestFollowsItsTarget() throws Exception {
        Path target = Files.writeString(dir.resolve("t.h"), "int t;\n");
        Path link = Files.createSymbolicLink(dir.resolve("l.h"), target);
        FileStateCache cache = new FileStateCache(100, later, Duration.ofSeconds(2));
        assertThat(cache.digest(link)).isEqualTo(cache.digest(target));
    }
}
