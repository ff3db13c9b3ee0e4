package dev.zccache.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A small C project for the campaigns: {@code n} sources that all include {@code common.h}, and a
 * Makefile that compiles each to an object with {@code $(CC)}. Built once bare, its objects are
 * the reference every cached build is compared with.
 */
final class GeneratedProject {

    final Path dir;
    final int sources;

    private GeneratedProject(Path dir, int sources) {
        this.dir = dir;
        this.sources = sources;
    }

    static GeneratedProject create(Path dir, int sources) throws IOException {
        Files.createDirectories(dir);
        header(dir, "");
        StringBuilder objects = new StringBuilder();
        for (int i = 0; i < sources; i++) {
            Zccache.write(dir.resolve("f" + i + ".c"), "#include \"common.h\"\nstatic int table" + i + "["
                    + (64 + i) + "] = {" + i + "};\nconst char *name" + i + " = \"f" + i + "\";\nint f" + i
                    + "(int x) { return helper(x) * SCALE + table" + i + "[x % " + (64 + i) + "]; }\n");
            objects.append(" f").append(i).append(".o");
        }
        Zccache.write(dir.resolve("Makefile"), "OBJS =" + objects + "\nall: $(OBJS)\n%.o: %.c common.h\n"
                + "\t$(CC) -O2 -c $< -o $@\nclean:\n\trm -f $(OBJS)\n");
        Zccache.pastFileClockTick();
        return new GeneratedProject(dir, sources);
    }

    /** Rewrites the header every source includes (a comment: the objects stay the same). */
    static void header(Path dir, String comment) throws IOException {
        Zccache.write(dir.resolve("common.h"), "#define SCALE 3\nint helper(int);\n/* " + comment + " */\n");
    }

    /** Cleans, then builds with make -jJOBS and CC=cc. */
    Zccache.Result build(Zccache zc, String cc, int jobs) {
        assertThat(Zccache.exec(dir, zc.env, List.of("make", "-s", "clean")).exit()).isZero();
        return Zccache.exec(dir, zc.env, List.of("make", "-s", "-j" + jobs, "CC=" + cc));
    }

    /** Builds, and asserts that the build exited 0 and every object equals the reference's. */
    void buildRight(Zccache zc, String cc, int jobs, List<byte[]> refs, String what) {
        Zccache.Result r = build(zc, cc, jobs);
        assertThat(r.exit()).as("%s: %s", what, r.err()).isZero();
        for (int i = 0; i < sources; i++) {
            assertThat(object(i)).as("%s: f%d.o", what, i).hasBinaryContent(refs.get(i));
        }
    }

    Path object(int i) {
        return dir.resolve("f" + i + ".o");
    }

    /** The objects a bare build makes, in order. */
    List<byte[]> reference(Zccache zc) throws IOException {
        assertThat(build(zc, "gcc", 2).exit()).isZero();
        List<byte[]> refs = new ArrayList<>();
        for (int i = 0; i < sources; i++) {
            refs.add(Files.readAllBytes(object(i)));
        }
        return refs;
    }
}
