package dev.zccache.cache;

import dev.zccache.store.Manifest;
import static org.assertj.core.api.Assertions.assertThat;

import dev.zccache.compiler.LearntInputs;
import dev.zccache.outcome.Reason;
import java.nio.file.Path;
import dev.zccache.hash.FileStateCache;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import dev.zccache.hash.FileClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClosureRecorderTest {

    @TempDir
    Path dir;

    /** An hour ahead: directories changed now are not racy for it. */
    private final AbsenceMemo absences = new AbsenceMemo(100,
            Clock.fixed(Instant.now().plus(Duration.ofHours(1)), java.time.ZoneOffset.UTC), Duration.ofMillis(50));
    private final ClosureRecorder recorder = new ClosureRecorder(
            new FileStateCache(100, Clock.systemUTC(), Duration.ofMillis(50)), absences);

    /** What the gcc family asks of a C closure: no time macros (unless SOURCE_DATE_EPOCH pins them). */
    private static final LearntInputs.ContentRule TIME_MACROS = new LearntInputs.ContentRule("test-time",
            Reason.TIME_MACROS, b -> new String(b).contains("__TIME__") ? "__TIME__" : null);

    /** As a search list does: the same relative name in each earlier directory of the chain. */
    private static LearntInputs.Inputs inputs(List<String> files, List<Path> chain, boolean rule) {
        LearntInputs.Shadows shadows = found -> {
            for (int i = 0; i < chain.size(); i++) {
                if (found.startsWith(chain.get(i))) {
                    Path rel = chain.get(i).relativize(found);
                    return chain.subList(0, i).stream().map(d -> d.resolve(rel)).toList();
                }
            }
            return List.of();
        };
        return new LearntInputs.Inputs(files, shadows, rule ? List.of(TIME_MACROS) : List.of());
    }

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
        ClosureRecorder.Outcome o = recorder.record(inputs(List.of("t.c", "a/x.h", "t.c"), List.of(dir.resolve("b"), a), true),
                dir, dev.zccache.compiler.PathMap.NONE, Map.of(), afterWrites());
        assertThat(o).isInstanceOfSatisfying(ClosureRecorder.Recorded.class, r -> {
            assertThat(r.files()).extracting(Manifest.FileRecord::path)
                    .containsExactly(dir.resolve("t.c").toString(), dir.resolve("a/x.h").toString());
            assertThat(r.files().get(0).digest()).hasSize(64);
            assertThat(r.absentPaths()).containsExactly(dir.resolve("b/x.h").toString());
        });
    }

    @Test
    void theNextRecordOfTheSameClosureFindsItsAbsentCandidatesThroughTheirDirectoriesStats() throws Exception {
        Files.writeString(dir.resolve("t.c"), "#include <x.h>\n");
        Path a = Files.createDirectories(dir.resolve("a"));
        Path b = Files.createDirectories(dir.resolve("b"));
        Files.writeString(a.resolve("x.h"), "int x;\n");
        LearntInputs.Inputs in = inputs(List.of("t.c", "a/x.h"), List.of(b, a), false);
        assertThat(recorder.record(in, dir, dev.zccache.compiler.PathMap.NONE, Map.of(), afterWrites()))
                .isInstanceOfSatisfying(ClosureRecorder.Recorded.class,
                        r -> assertThat(r.absentPaths()).containsExactly(b.resolve("x.h").toString()));
        long checks = absences.fullChecks();
        assertThat(checks).as("the first record asked the memo, which stat'ed the candidate").isEqualTo(1);
        assertThat(recorder.record(in, dir, dev.zccache.compiler.PathMap.NONE, Map.of(), afterWrites()))
                .isInstanceOfSatisfying(ClosureRecorder.Recorded.class,
                        r -> assertThat(r.absentPaths()).containsExactly(b.resolve("x.h").toString()));
        assertThat(absences.fullChecks()).isEqualTo(checks);
        Files.writeString(b.resolve("x.h"), "int shadow;\n"); // now it is there: no longer absent
        assertThat(recorder.record(in, dir, dev.zccache.compiler.PathMap.NONE, Map.of(), afterWrites()))
                .isInstanceOfSatisfying(ClosureRecorder.Recorded.class, r -> assertThat(r.absentPaths()).isEmpty());
    }

    @Test
    void fileChangedAfterTheCompileStartedIsNotStored() throws Exception {
        Files.writeString(dir.resolve("t.c"), "int t;\n");
        long start = nanos(Instant.now().minusSeconds(1));
        ClosureRecorder.Outcome o = recorder.record(inputs(List.of("t.c"), List.of(), true), dir, dev.zccache.compiler.PathMap.NONE, Map.of(), start);
        assertThat(o).isInstanceOfSatisfying(ClosureRecorder.Refused.class,
                r -> assertThat(r.refusal().reason()).isEqualTo(Reason.INPUT_CHANGED_DURING_COMPILE));
    }

    @Test
    void timeMacrosRefuseUnlessPinned() throws Exception {
        Files.writeString(dir.resolve("t.c"), "#include \"clock.h\"\n");
        Files.writeString(dir.resolve("clock.h"), "const char *t = __TIME__;\n");
        assertThat(recorder.record(inputs(List.of("t.c", "clock.h"), List.of(), true), dir, dev.zccache.compiler.PathMap.NONE, Map.of(), afterWrites()))
                .isInstanceOfSatisfying(ClosureRecorder.Refused.class, r -> assertThat(r.refusal().reason()).isEqualTo(Reason.TIME_MACROS));
        assertThat(recorder.record(inputs(List.of("t.c", "clock.h"), List.of(), false), dir, dev.zccache.compiler.PathMap.NONE, Map.of(), afterWrites()))
                .isInstanceOf(ClosureRecorder.Recorded.class);
    }

    @Test
    void missingFileIsNotStored() throws Exception {
        Files.writeString(dir.resolve("t.c"), "");
        Files.setLastModifiedTime(dir.resolve("t.c"), FileTime.from(Instant.now().minusSeconds(60)));
        assertThat(recorder.record(inputs(List.of("t.c", "gone.h"), List.of(), true), dir, dev.zccache.compiler.PathMap.NONE, Map.of(), afterWrites())).isInstanceOfSatisfying(ClosureRecorder.Refused.class,
                        r -> assertThat(r.refusal().reason()).isEqualTo(Reason.INPUT_MISSING));
    }

    @Test
    void aFileWrittenJustBeforeTheFileClockMarkIsStoredOneWrittenAfterIsNot() throws Exception {
        // a build script's output, written just before cargo runs rustc: no precise-clock slack refuses it
        Files.writeString(dir.resolve("generated.rs"), "pub const X: u32 = 1;\n");
        Thread.sleep(12); // a tick of the file clock (a write in the mark's own tick is refused: it may be after it)
        long start = FileClock.now(dir);
        assertThat(recorder.record(inputs(List.of("generated.rs"), List.of(), false), dir, dev.zccache.compiler.PathMap.NONE, Map.of(), start))
                .isInstanceOf(ClosureRecorder.Recorded.class);
        Thread.sleep(20);
        long later = FileClock.now(dir);
        Files.writeString(dir.resolve("generated.rs"), "pub const X: u32 = 2;\n");
        assertThat(recorder.record(inputs(List.of("generated.rs"), List.of(), false), dir, dev.zccache.compiler.PathMap.NONE, Map.of(), later))
                .isInstanceOfSatisfying(ClosureRecorder.Refused.class,
                        r -> assertThat(r.refusal().reason()).isEqualTo(Reason.INPUT_CHANGED_DURING_COMPILE));
    }

    @Test
    void recordsTheCallersValueOfEachVariableTheToolReadAndUnsetOnesAsNull() throws Exception {
        Files.writeString(dir.resolve("lib.rs"), "");
        LearntInputs.Inputs in = new LearntInputs.Inputs(List.of("lib.rs"), LearntInputs.Shadows.NONE, List.of(),
                List.of("ZZ_SET", "ZZ_UNSET", "ZZ_EMPTY"));
        ClosureRecorder.Outcome o = recorder.record(in, dir, dev.zccache.compiler.PathMap.NONE, Map.of("ZZ_SET", "1", "ZZ_EMPTY", "", "OTHER", "x"),
                afterWrites());
        assertThat(o).isInstanceOfSatisfying(ClosureRecorder.Recorded.class, r -> assertThat(r.variables())
                .containsExactly(new Manifest.VariableRecord("ZZ_EMPTY", ""), new Manifest.VariableRecord("ZZ_SET", "1"),
                        new Manifest.VariableRecord("ZZ_UNSET", null)));
    }
}
