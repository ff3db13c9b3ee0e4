package dev.zccache.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cc -c a.c b.c c.c}: each source through the cache on its own, outputs, diagnostics and
 * exit status as the compiler's own, through the real launcher, daemon and gcc. A spy gcc logs
 * every compile that reached it.
 */
class MultiSourceIT {

    @TempDir
    static Path root;
    static Zccache zc;
    static CompilerSpy gcc;

    @TempDir
    Path work;

    @BeforeAll
    static void start() throws IOException {
        zc = new Zccache(root.resolve("cache"));
        zc.start();
        gcc = CompilerSpy.create(Files.createDirectories(root.resolve("bin")), "gcc", "/usr/bin/gcc");
    }

    @AfterAll
    static void stop() {
        zc.close();
    }

    private void write(String name, String text) throws IOException {
        Zccache.write(work.resolve(name), text);
    }

    private Zccache.Result cc(String... args) {
        Zccache.pastFileClockTick();
        List<String> cmd = new ArrayList<>(List.of(gcc.path.toString()));
        cmd.addAll(List.of(args));
        return zc.run(work, Map.of(), cmd.toArray(String[]::new));
    }

    private Zccache.Result bare(String... args) {
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/gcc"));
        cmd.addAll(List.of(args));
        return Zccache.exec(work, zc.env, cmd);
    }

    private byte[] bytes(String name) throws IOException {
        return Files.readAllBytes(work.resolve(name));
    }

    @Test
    void eachSourceIsCachedOnItsOwnAndAFailingOneFailsTheCallAsTheCompilerWould() throws Exception {
        write("a.c", "int a(void) { return 1; }\n");
        write("b.c", "int b(void) { int unused; return x; }\n");
        write("c.c", "int c(void) { int unused; return 3; }\n");
        Zccache.Result ref = bare("-Wall", "-c", "a.c", "b.c", "c.c");
        assertThat(ref.exit()).isEqualTo(1);
        byte[] a = bytes("a.o");
        byte[] c = bytes("c.o");
        Files.delete(work.resolve("a.o"));
        Files.delete(work.resolve("c.o"));
        int before = gcc.calls();
        Zccache.Result got = cc("-Wall", "-c", "a.c", "b.c", "c.c");
        assertThat(got.exit()).isEqualTo(ref.exit());
        assertThat(got.err()).isEqualTo(ref.err());
        assertThat(work.resolve("a.o")).hasBinaryContent(a);
        assertThat(work.resolve("c.o")).hasBinaryContent(c);
        assertThat(work.resolve("b.o")).doesNotExist();
        assertThat(gcc.calls()).as("one compile per source").isEqualTo(before + 3);

        // the failing source fixed: a and c are hits, b compiles
        write("b.c", "int b(void) { return 2; }\n");
        Files.delete(work.resolve("a.o"));
        Files.delete(work.resolve("c.o"));
        Zccache.Result fixed = cc("-Wall", "-c", "a.c", "b.c", "c.c");
        assertThat(fixed.exit()).isZero();
        assertThat(gcc.calls()).as("only b reached the compiler").isEqualTo(before + 4);
        assertThat(fixed.err()).as("c's warning replayed").contains("unused variable");
        assertThat(work.resolve("a.o")).hasBinaryContent(a);
        Zccache.Result refB = bare("-Wall", "-c", "b.c", "-o", "ref-b.o");
        assertThat(refB.exit()).isZero();
        assertThat(bytes("b.o")).isEqualTo(bytes("ref-b.o"));
        assertThat(zc.run(work, "explain", "b.o").out()).contains("outcome:  miss");
        assertThat(zc.run(work, "explain", "a.o").out()).contains("outcome:  hit");
    }
}
