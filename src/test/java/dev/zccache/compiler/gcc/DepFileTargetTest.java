package dev.zccache.compiler.gcc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** CORRECTNESS 34: the .d of a hit is the one gcc would write for this -o. Checked against real gcc. */
class DepFileTargetTest {

    @TempDir
    Path dir;

    private GccInvocation analyze(List<String> args) {
        return (GccInvocation) ((dev.zccache.compiler.Analysis.Cacheable) GccArguments.analyze(args, dir)).invocation();
    }

    private String gcc(List<String> args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("gcc"));
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).inheritIO().start();
        assertThat(p.waitFor()).isZero();
        return Files.readString(dir.resolve(DepFileTarget.path(analyze(args)).orElseThrow()));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "-c t.c -o a.o -MD                 | -c t.c -o out/sub dir/o$x#.o -MD",
        "-c t.c -MD                        | -c t.c -o other.o -MD",
        "-c t.c -o a.o -MMD -MF a.d -MP    | -c t.c -o b.o -MMD -MF b.d -MP",
        "-c t.c -o a.o -Wp,-MD,a.d         | -c t.c -o out/b.o -Wp,-MD,out/b.d",
        "-c t.c -o a.o -MD -MT tgt -MF a.d | -c t.c -o b.o -MD -MT tgt -MF b.d",
        "-c t.c -o a.o -MD -MQ m$n -MF a.d | -c t.c -o b.o -MD -MQ m$n -MF b.d",
    })
    void storedDepFileRetargetedEqualsWhatGccWritesForTheNewObject(String first, String second) throws Exception {
        Files.writeString(dir.resolve("t.c"), "#include \"h.h\"\n");
        Files.writeString(dir.resolve("h.h"), "int h;\n");
        Files.createDirectories(dir.resolve("out/sub dir"));
        List<String> a = List.of(first.trim().split(" "));
        List<String> b = second.trim().contains("sub dir")
                ? List.of("-c", "t.c", "-o", "out/sub dir/o$x#.o", "-MD")
                : List.of(second.trim().split(" "));
        String stored = gcc(a);
        String expected = gcc(b);
        assertThat(DepFileTarget.retarget(stored, analyze(a), analyze(b))).contains(expected);
    }

    @Test
    void defaultDepFileNameFollowsTheObject() {
        assertThat(DepFileTarget.path(analyze(List.of("-c", "src/x.c", "-MD")))).contains("x.d");
        assertThat(DepFileTarget.path(analyze(List.of("-c", "x.c", "-o", "o/y.obj", "-MD")))).contains("o/y.d");
        assertThat(DepFileTarget.path(analyze(List.of("-c", "x.c", "-o", "o.dir/y", "-MD")))).contains("o.dir/y.d");
        assertThat(DepFileTarget.path(analyze(List.of("-c", "x.c", "-MD", "-MF", "deps/x.dep")))).contains("deps/x.dep");
        assertThat(DepFileTarget.path(analyze(List.of("-c", "x.c")))).isEmpty();
    }

    @Test
    void unexpectedStoredTextIsNotGuessedAt() {
        GccInvocation a = analyze(List.of("-c", "t.c", "-o", "a.o", "-MD"));
        GccInvocation b = analyze(List.of("-c", "t.c", "-o", "b.o", "-MD"));
        assertThat(DepFileTarget.retarget("other.o: t.c\n", a, b)).isEmpty();
    }

    @Test
    void escapingFollowsGcc() {
        assertThat(DepFileTarget.escape("a b$c#d")).isEqualTo("a\\ b$$c\\#d");
        assertThat(DepFileTarget.escape("x\\ y")).isEqualTo("x\\\\\\ y");
    }
}
