package dev.zccache.compiler.gcc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A .d rewritten for another object ≡ what the real compiler writes for it, line breaks included. */
class DepFileWrapTest {

    @TempDir
    Path dir;

    private String dependencies(String compiler, String object) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(compiler, "-Iinc", "-MD", "-MP", "-c", "t.c", "-o", object));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        assertThat(p.waitFor()).isZero();
        return Files.readString(dir.resolve(object.substring(0, object.length() - 2) + ".d"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"gcc", "clang"})
    void rewrittenForEachTargetLengthAsTheCompilerWritesIt(String compiler) throws Exception {
        Files.createDirectories(dir.resolve("inc"));
        Files.createDirectories(dir.resolve("a dir/with$dollar"));
        StringBuilder all = new StringBuilder();
        for (int i = 1; i <= 9; i++) {
            Files.writeString(dir.resolve("inc/header_number_" + i + ".h"), "#define X" + i + " " + i + "\n");
            all.append("#include \"header_number_").append(i).append(".h\"\n");
        }
        Files.writeString(dir.resolve("t.c"), all + "#include <stdio.h>\nint t = X1;\n");
        String stored = dependencies(compiler, "a.o");
        boolean clang = compiler.equals("clang");
        for (String object : List.of("bb.o", "a dir/with$dollar/an_object_name_long_enough_to_move_breaks.o",
                "x_" + "y".repeat(70) + ".o", "a.o")) {
            String expected = dependencies(compiler, object);
            assertThat(DepFileWrap.rewrap(stored, DepFileTarget.escape("a.o"), DepFileTarget.escape(object), clang))
                    .as(object).contains(expected);
        }
        assertThat(DepFileWrap.rewrap(stored, "other.o", "b.o", clang)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\\ b.h|5", "x$$y.h|5", "a\\\\\\ b|4", "c\\#d|3", "plain.h|7"})
    void quotedNamesAreMeasuredUnquoted(String row) {
        String[] r = row.split("\\|");
        assertThat(DepFileWrap.unquotedLength(r[0])).isEqualTo(Integer.parseInt(r[1]));
    }
}
