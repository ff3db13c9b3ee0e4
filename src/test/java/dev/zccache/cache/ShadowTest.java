package dev.zccache.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CORRECTNESS.md 21: a new header that shadows a recorded one must be noticed. */
class ShadowTest {

    @TempDir
    Path dir;

    private final Clock later = Clock.fixed(Instant.now().plus(Duration.ofHours(1)), ZoneOffset.UTC);

    @Test
    void presentCandidateMeansTheHeaderWasNotFoundThatWayAndIsDropped() throws Exception {
        Path a = Files.createDirectories(dir.resolve("a"));
        Path b = Files.createDirectories(dir.resolve("b"));
        Files.writeString(b.resolve("x.h"), "");
        Path found = Files.writeString(a.resolve("x.h"), "");
        Path absent = dir.resolve("c/x.h");
        AbsenceMemo memo = new AbsenceMemo(100, later, Duration.ofSeconds(2));
        assertThat(ShadowCandidates.absent(List.of(b.resolve("x.h"), absent, found, dir.resolve("a/./x.h")), found,
                memo.pass())).containsExactly(absent);
    }

    @Test
    void aDanglingSymlinkOpensNothingSoItIsAnAbsentCandidateAndACandidateKnownAbsentNeedsNoStatOfItsOwn()
            throws Exception {
        Path a = Files.createDirectories(dir.resolve("a"));
        Path b = Files.createDirectories(dir.resolve("b"));
        Path found = Files.writeString(a.resolve("x.h"), "");
        Path dangling = Files.createSymbolicLink(b.resolve("x.h"), dir.resolve("nowhere.h"));
        Path absent = b.resolve("y.h");
        AbsenceMemo memo = new AbsenceMemo(100, later, Duration.ofSeconds(2));
        assertThat(ShadowCandidates.absent(List.of(dangling, absent), found, memo.pass()))
                .containsExactly(dangling, absent);
        long checks = memo.fullChecks();
        assertThat(ShadowCandidates.absent(List.of(absent), found, memo.pass())).containsExactly(absent);
        assertThat(memo.fullChecks()).isEqualTo(checks); // b's stat answered
    }

    @Test
    void headerCreatedInAnExistingEmptyDirectoryIsSeen() throws Exception {
        Path b = Files.createDirectories(dir.resolve("b"));
        AbsenceMemo memo = new AbsenceMemo(100, later, Duration.ofSeconds(2));
        Path candidate = b.resolve("foo.h");
        assertThat(memo.stillAbsent(candidate)).isTrue();
        assertThat(memo.stillAbsent(candidate)).isTrue();
        assertThat(memo.fullChecks()).isEqualTo(1); // the second answer came from b's stat
        Files.writeString(candidate, "");
        assertThat(memo.stillAbsent(candidate)).isFalse();
    }

    @Test
    void headerCreatedInADirectoryThatDidNotExistIsSeen() throws Exception {
        AbsenceMemo memo = new AbsenceMemo(100, later, Duration.ofSeconds(2));
        Path candidate = dir.resolve("b/sys/foo.h");
        assertThat(memo.stillAbsent(candidate)).isTrue();
        Files.createDirectories(dir.resolve("b/sys"));
        assertThat(memo.stillAbsent(candidate)).isTrue();
        Files.writeString(candidate, "");
        assertThat(memo.stillAbsent(candidate)).isFalse();
    }

    @Test
    void recentlyChangedDirectoryIsNotTrusted() throws Exception {
        Path b = Files.createDirectories(dir.resolve("b"));
        AbsenceMemo memo = new AbsenceMemo(100, Clock.systemUTC(), Duration.ofSeconds(2));
        memo.stillAbsent(b.resolve("foo.h"));
        memo.stillAbsent(b.resolve("foo.h"));
        assertThat(memo.fullChecks()).isEqualTo(2);
    }

    @Test
    void candidateUnderARegularFileIsAbsentNotAnError() throws Exception {
        Files.writeString(dir.resolve("plain"), "not a directory");
        AbsenceMemo memo = new AbsenceMemo(100, later, Duration.ofSeconds(2));
        assertThat(memo.stillAbsent(dir.resolve("plain/x.h"))).isTrue();
    }

    @Test
    void onePassAnswersForManyCandidatesUnderOneMissingDirectory() throws Exception {
        AbsenceMemo memo = new AbsenceMemo(100, Clock.systemUTC(), Duration.ofSeconds(2));
        AbsenceMemo.Pass pass = memo.pass();
        for (String name : List.of("a.h", "b.h", "sys/c.h")) {
            assertThat(pass.stillAbsent(dir.resolve("missing/" + name))).isTrue();
        }
        Files.createDirectories(dir.resolve("missing/sys"));
        Files.writeString(dir.resolve("missing/sys/c.h"), "");
        assertThat(memo.pass().stillAbsent(dir.resolve("missing/sys/c.h"))).isFalse();
    }
}
