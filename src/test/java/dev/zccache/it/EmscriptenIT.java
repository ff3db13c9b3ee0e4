package dev.zccache.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * emcc and em++ through the real launcher and daemon, with Debian's Emscripten: compiles and
 * links byte-identical to bare emcc, every file a link writes delivered on a hit, and a hit that
 * starts no Python (a spy interpreter, EMSDK_PYTHON, logs every emcc that ran). The outputs run
 * under node.
 */
class EmscriptenIT {

    private static final String EMCC = "/usr/bin/emcc";

    @TempDir
    static Path root;
    static Zccache zc;
    static Path pythonLog;
    static Map<String, String> env;

    @TempDir
    Path work;

    @BeforeAll
    static void start() throws IOException {
        zc = new Zccache(root.resolve("cache"));
        zc.start();
        pythonLog = root.resolve("python.log");
        Path spy = Zccache.script(root.resolve("bin/python-spy"),
                "echo \"$*\" >> '" + pythonLog + "'\nexec python3 \"$@\"");
        env = new HashMap<>(Map.of("EMSDK_PYTHON", spy.toString(), "NODE_PATH", "/usr/share/nodejs"));
    }

    @AfterAll
    static void stop() {
        zc.close();
    }

    @BeforeEach
    void sources() throws IOException {
        Zccache.write(work.resolve("main.c"), "#include <stdio.h>\nint f(void);\n"
                + "int main(void) { printf(\"f=%d\\n\", f()); return 0; }\n");
        Zccache.write(work.resolve("f.c"), "int f(void) { return 7; }\n");
        Zccache.write(work.resolve("pre.js"), "Module['preRun'] = [];\n");
        Zccache.pastFileClockTick();
    }

    private static int pythons() throws IOException {
        return Files.exists(pythonLog) ? Files.readAllLines(pythonLog).size() : 0;
    }

    private Zccache.Result emcc(String... args) {
        List<String> cmd = new ArrayList<>(List.of(EMCC));
        cmd.addAll(List.of(args));
        Zccache.Result r = zc.run(work, env, cmd.toArray(String[]::new));
        assertThat(r.exit()).as(r.err()).isZero();
        return r;
    }

    /** The bare emcc's outputs (then deleted), by file name. */
    private Map<String, byte[]> reference(List<String> outputs, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(EMCC));
        cmd.addAll(List.of(args));
        Zccache.Result r = Zccache.exec(work, zc.merged(env), cmd);
        assertThat(r.exit()).as(r.err()).isZero();
        Map<String, byte[]> out = new HashMap<>();
        for (String o : outputs) {
            out.put(o, Files.readAllBytes(work.resolve(o)));
        }
        delete(outputs);
        return out;
    }

    private void delete(List<String> outputs) throws IOException {
        for (String o : outputs) {
            Files.deleteIfExists(work.resolve(o));
        }
    }

    private void sameAs(Map<String, byte[]> expected) {
        expected.forEach((name, bytes) -> assertThat(work.resolve(name)).as(name).hasBinaryContent(bytes));
    }

    /** The same, but for the package_uuid emcc draws at random for --preload-file data on every run. */
    private void sameButUuid(Map<String, byte[]> expected) throws IOException {
        for (Map.Entry<String, byte[]> e : expected.entrySet()) {
            if (!e.getKey().endsWith(".js")) {
                assertThat(work.resolve(e.getKey())).as(e.getKey()).hasBinaryContent(e.getValue());
                continue;
            }
            String uuid = "\"package_uuid\": \"[0-9a-f-]+\"";
            assertThat(Files.readString(work.resolve(e.getKey())).replaceAll(uuid, "uuid"))
                    .isEqualTo(new String(e.getValue(), java.nio.charset.StandardCharsets.UTF_8).replaceAll(uuid, "uuid"));
        }
    }

    private String node(String js) {
        Zccache.Result r = Zccache.exec(work, zc.env, List.of("node", "--no-experimental-fetch", js));
        assertThat(r.exit()).as(r.err()).isZero();
        return r.out();
    }

    @Test
    void compilesAndLinksHitWithoutStartingPythonAndTheProgramRuns() throws Exception {
        List<String> objects = List.of("main.o", "f.o");
        Map<String, byte[]> bare = reference(List.of("main.o"), "-O1", "-c", "main.c", "-o", "main.o");
        bare.putAll(reference(List.of("f.o"), "-O1", "-c", "f.c", "-o", "f.o"));
        emcc("-O1", "-c", "main.c", "-o", "main.o");
        emcc("-O1", "-c", "f.c", "-o", "f.o");
        sameAs(bare);
        List<String> linked = List.of("app.js", "app.wasm");
        String[] link = {"-O1", "main.o", "f.o", "-o", "app.js"};
        Map<String, byte[]> bareLink = reference(linked, link);
        emcc(link);
        sameAs(bareLink);
        int ran = pythons();

        delete(objects);
        delete(linked);
        emcc("-O1", "-c", "main.c", "-o", "main.o");
        emcc("-O1", "-c", "f.c", "-o", "f.o");
        emcc(link);
        assertThat(pythons()).as("hits start no Python").isEqualTo(ran);
        sameAs(bare);
        sameAs(bareLink);
        assertThat(Files.getPosixFilePermissions(work.resolve("app.wasm"))).contains(PosixFilePermission.OWNER_EXECUTE);
        assertThat(node("app.js")).isEqualTo("f=7\n");
        assertThat(zc.run(work, "stats", "--json").out()).containsPattern("\"link\":\\{\"hits\":[1-9]");
    }

    @Test
    void aPageWithPreloadedDataComesBackWhole_AndChangedDataOrPreJsMisses() throws Exception {
        emcc("-c", "main.c", "-o", "main.o");
        emcc("-c", "f.c", "-o", "f.o");
        Zccache.write(work.resolve("assets/data.txt"), "one\n");
        Zccache.pastFileClockTick();
        List<String> page = List.of("page.html", "page.js", "page.wasm", "page.data");
        String[] link = {"main.o", "f.o", "--preload-file", "assets", "--pre-js", "pre.js", "-sEXIT_RUNTIME=1",
            "-o", "page.html"};
        Map<String, byte[]> bare = reference(page, link);
        emcc(link);
        int ran = pythons();
        delete(page);
        emcc(link);
        assertThat(pythons()).as("a hit").isEqualTo(ran);
        sameButUuid(bare);

        Zccache.write(work.resolve("assets/data.txt"), "two\n");
        Zccache.pastFileClockTick();
        Map<String, byte[]> changed = reference(page, link);
        emcc(link);
        assertThat(pythons()).as("a file of a preloaded directory changed (after the bare run)").isGreaterThan(ran + 2);
        sameButUuid(changed);

        ran = pythons();
        Zccache.write(work.resolve("pre.js"), "Module['preRun'] = [function() {}];\n");
        Zccache.pastFileClockTick();
        emcc(link);
        assertThat(pythons()).as("--pre-js changed").isGreaterThan(ran);
        assertThat(work.resolve("page.js")).content().contains("preRun'] = [function() {}]");

        ran = pythons();
        String[] other = link.clone();
        other[6] = "-sEXIT_RUNTIME=0";
        emcc(other);
        assertThat(pythons()).as("another setting").isGreaterThan(ran);
    }

    @Test
    void aLinkThatWritesAFileNoModelNamesIsRunButNotStored() throws Exception {
        emcc("-c", "main.c", "-o", "main.o");
        emcc("-c", "f.c", "-o", "f.o");
        String[] link = {"main.o", "f.o", "-sSPLIT_MODULE", "-o", "split.js"};
        emcc(link);
        assertThat(work.resolve("split.wasm.orig")).exists();
        int ran = pythons();
        Files.delete(work.resolve("split.wasm.orig"));
        emcc(link);
        assertThat(pythons()).as("not stored, so run again").isEqualTo(ran + 1);
        assertThat(work.resolve("split.wasm.orig")).exists();
        assertThat(zc.run(work, "explain", "split.js").out()).contains("unmodelled-output");
    }

    @Test
    void emPlusPlusAndEmarAndAChangedLibraryFoundThroughLMisses() throws Exception {
        Zccache.write(work.resolve("g.cpp"), "extern \"C\" int f(void) { return 9; }\n");
        Zccache.pastFileClockTick();
        Map<String, byte[]> bare = reference(List.of("g.o"), "-c", "g.cpp", "-o", "g.o");
        zc.run(work, env, "/usr/bin/em++", "-c", "g.cpp", "-o", "g.o");
        sameAs(bare);
        Files.createDirectories(work.resolve("lib"));
        Zccache.Result ar = zc.run(work, env, "/usr/bin/emar", "rcs", "lib/libg.a", "g.o");
        assertThat(ar.exit()).as(ar.err()).isZero();
        Files.delete(work.resolve("lib/libg.a"));
        ar = zc.run(work, env, "/usr/bin/emar", "rcs", "lib/libg.a", "g.o");
        assertThat(ar.exit()).as(ar.err()).isZero();
        assertThat(zc.run(work, "stats", "--json").out()).containsPattern("\"archive\":\\{\"hits\":[1-9]");

        emcc("-c", "main.c", "-o", "main.o");
        String[] link = {"main.o", "-Llib", "-lg", "-o", "lib.js"};
        emcc(link);
        assertThat(node("lib.js")).isEqualTo("f=9\n");
        int ran = pythons();
        emcc(link);
        assertThat(pythons()).as("a hit").isEqualTo(ran);

        Zccache.write(work.resolve("g.cpp"), "extern \"C\" int f(void) { return 11; }\n");
        Zccache.pastFileClockTick();
        emcc("-c", "g.cpp", "-o", "g.o");
        Files.delete(work.resolve("lib/libg.a"));
        zc.run(work, env, "/usr/bin/emar", "rcs", "lib/libg.a", "g.o");
        Zccache.pastFileClockTick();
        ran = pythons();
        emcc(link);
        assertThat(pythons()).as("the library changed").isEqualTo(ran + 1);
        assertThat(node("lib.js")).isEqualTo("f=11\n");
    }
}
