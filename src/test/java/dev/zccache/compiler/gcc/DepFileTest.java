package dev.zccache.compiler.gcc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DepFileTest {

    @Test
    void continuationLinesAndEscapesAreRead() {
        String d = "out/foo.o: foo.c /usr/include/stdio.h \\\n dir\\ with\\ space/h.h \\\n hash\\#.h money$$.h\n";
        assertThat(DepFile.prerequisites(d)).containsExactly("foo.c", "/usr/include/stdio.h", "dir with space/h.h",
                "hash#.h", "money$.h");
    }

    @Test
    void phonyRulesFromMpAddNothing() {
        String d = "foo.o: foo.c a.h b.h\na.h:\nb.h:\n";
        assertThat(DepFile.prerequisites(d)).containsExactly("foo.c", "a.h", "b.h");
    }

    @Test
    void severalTargetsAndWindowsLineEnds() {
        assertThat(DepFile.prerequisites("a.o b.o: x.c \\\r\n y.h\r\n")).containsExactly("x.c", "y.h");
    }

    @Test
    void emptyFileHasNoPrerequisites() {
        assertThat(DepFile.prerequisites("")).isEmpty();
    }

    @Test
    void readsWhatRealGccWrites(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("my header.h"), "#define X 1\n");
        Files.writeString(dir.resolve("t.c"), "#include \"my header.h\"\n#include <stddef.h>\nint x = X;\n");
        Process p = new ProcessBuilder("gcc", "-c", "t.c", "-MD", "-MP", "-MF", "t.d").directory(dir.toFile())
                .inheritIO().start();
        assertThat(p.waitFor()).isZero();
        List<String> deps = DepFile.prerequisites(Files.readString(dir.resolve("t.d")));
        assertThat(deps.get(0)).isEqualTo("t.c");
        assertThat(deps).contains("my header.h").anyMatch(s -> s.endsWith("/stddef.h"));
        assertThat(deps).allMatch(s -> Files.exists(dir.resolve(s)));
    }
}
