package dev.zccache.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zccache.compiler.gcc.IncludeSearch;
import dev.zccache.hash.FileStateCache;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClosureRecorderTest {

    @TempDir
    Path dir;

    private final ClosureRecorder recorder = new ClosureRecorder(
            new FileStateCache(100, Clock.systemUTC(), Duration.ofMillis(50)), new TimeMacroMemo());

    private static long nanos(Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }

    /** A start time well after the files were written, as for any compile of settled sources. */
    private static long afterWrites() {
        return nanos(Instant.now().plusSeconds(5));
    }

    @Test
    void recordsEachFileOnceWithItsDigestAndTheShadowCandidates() throws Exception {
        Files.writeString(dir.resolve("t.c"), "#include <x.h>\n");
        Path a = Files.createDirectories(dir.resolve("a"));
        Files.writeString(a.resolve("x.h"), "int x;\n");
        IncludeSearch search = new IncludeSearch(List.of(), List.of(dir.resolve("b"), a));
        ClosureRecorder.Outcome o = recorder.record(List.of("t.c", "a/x.h", "t.c"), dir, afterWrites(), search, false);
        assertThat(o).isInstanceOfSatisfying(ClosureRecorder.Recorded.class, r -> {
            assertThat(r.files()).extracting(Manifest.FileRecord::path)
                    .containsExactly(dir.resolve("t.c").toString(), dir.resolve("a/x.h").toString());
            assertThat(r.files().get(0).digest()).hasSize(64);
            assertThat(r.absentPaths()).containsExactly(dir.resolve("b/x.h").toString());
        });
    }

    @Test
    void fileChangedAfterTheCompileStartedIsNotStored() throws Exception {
        Files.writeString(dir.resolve("t.c"), "int t;\n");
        long start = nanos(Instant.now().minusSeconds(1));
        ClosureRecorder.Outcome o = recorder.record(List.of("t.c"), dir, start, new IncludeSearch(List.of(), List.of()),
                false);
        assertThat(o).isInstanceOfSatisfying(ClosureRecorder.Refused.class,
                r -> assertThat(r.reason()).isEqualTo("input-changed-during-compile"));
    }

    @Test
    void timeMacrosRefuseUnlessPinned() throws Exception {
        Files.writeString(dir.resolve("t.c"), "#include \"clock.h\"\n");
        Files.writeString(dir.resolve("clock.h"), "const char *t = __TIME__;\n");
        IncludeSearch none = new IncludeSearch(List.of(), List.of());
        assertThat(recorder.record(List.of("t.c", "clock.h"), dir, afterWrites(), none, false))
                .isInstanceOfSatisfying(ClosureRecorder.Refused.class, r -> assertThat(r.reason()).isEqualTo("time-macros"));
        assertThat(recorder.record(List.of("t.c", "clock.h"), dir, afterWrites(), none, true))
                .isInstanceOf(ClosureRecorder.Recorded.class);
    }

    @Test
    void missingFileIsNotStored() throws Exception {
        Files.writeString(dir.resolve("t.c"), "");
        Files.setLastModifiedTime(dir.resolve("t.c"), FileTime.from(Instant.now().minusSeconds(60)));
        assertThat(recorder.record(List.of("t.c", "gone.h"), dir, afterWrites(), new IncludeSearch(List.of(), List.of()),
                false)).isInstanceOfSatisfying(ClosureRecorder.Refused.class,
                        r -> assertThat(r.reason()).isEqualTo("input-missing"));
    }
}
