package dev.zccache.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Path remapping: the same repository checked out at two paths shares entries under
 * ZCCACHE_BASE_DIR, every output equal to the uncached compile's with the same prefix map at
 * its own path, and what would carry a checkout's path into an output is never shared.
 */
class RemapIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path root;

    private Zccache zc;
    private Path one;
    private Path two;

    @BeforeEach
    void checkouts() throws IOException {
        one = checkout(root.resolve("home/alice/src/project"));
        two = checkout(root.resolve("ci/w/clone-2"));
        Zccache.pastFileClockTick();
        zc = new Zccache(root.resolve("cache"));
        zc.env.put("ZCCACHE_BASE_DIR", "auto");
    }

    @AfterEach
    void stop() {
        zc.close();
    }

    private static Path checkout(Path dir) throws IOException {
        Files.createDirectories(dir.resolve(".git"));
        Files.createDirectories(dir.resolve("build"));
        Zccache.write(dir.resolve("src/h.h"), "#define SCALE 3\n");
        Zccache.write(dir.resolve("src/x.c"), "#include \"h.h\"\nint x(int v) { return v * SCALE; }\n"
                + "const char *where(void) { return __FILE__; }\n");
        Zccache.write(dir.resolve("src/y.c"), "#include \"h.h\"\nstatic int t[4] = {1, 2, 3, SCALE};\n"
                + "int y(int v) { return t[v & 3]; }\n");
        return dir;
    }

    /** A CMake-style compile (absolute paths, from build/) and a make-style one (relative, from the top). */
    private static List<Compile> compiles(Path checkout) {
        return List.of(
                new Compile(checkout.resolve("build"), List.of("-g", "-O2", "-I" + checkout.resolve("src"), "-MD", "-MF",
                        "x.d", "-c", checkout.resolve("src/x.c").toString(), "-o", "x.o"), "x.o", "x.d"),
                new Compile(checkout, List.of("-g", "-Isrc", "-MMD", "-c", "src/y.c", "-o", "y.o"), "y.o", "y.d"));
    }

    private record Compile(Path cwd, List<String> args, String object, String depFile) {
    }

    private Zccache.Result cached(Compile c) {
        List<String> argv = new ArrayList<>(List.of("gcc"));
        argv.addAll(c.args());
        return zc.run(c.cwd(), argv.toArray(String[]::new));
    }

    /** Each output of the compile against the bare compiler's with -ffile-prefix-map=<base>=. */
    private void assertAsBare(Compile c, Path base, String what) throws IOException {
        Path object = c.cwd().resolve(c.object());
        Path depFile = c.cwd().resolve(c.depFile());
        byte[] cachedObject = Files.readAllBytes(object);
        byte[] cachedDeps = Files.readAllBytes(depFile);
        List<String> argv = new ArrayList<>(List.of("/usr/bin/gcc", "-ffile-prefix-map=" + base + "=."));
        argv.addAll(c.args());
        Zccache.Result r = Zccache.exec(c.cwd(), zc.env, argv);
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(cachedObject).as(what + ": " + c.object()).isEqualTo(Files.readAllBytes(object));
        assertThat(cachedDeps).as(what + ": " + c.depFile()).isEqualTo(Files.readAllBytes(depFile));
        assertThat(new String(cachedObject, java.nio.charset.StandardCharsets.ISO_8859_1)).as(what)
                .doesNotContain(base.toString());
    }

    private JsonNode stats() {
        return JSON.readTree(zc.run(root, "stats", "--json").out());
    }

    @Test
    void aSecondCheckoutHitsAndEveryOutputIsItsOwn() throws Exception {
        for (Compile c : compiles(one)) {
            assertThat(cached(c).exit()).isZero();
            assertAsBare(c, one, "first checkout");
        }
        for (Compile c : compiles(two)) {
            Zccache.Result r = cached(c);
            assertThat(r.exit()).as(r.err()).isZero();
            assertAsBare(c, two, "second checkout");
            assertThat(Files.readString(c.cwd().resolve(c.depFile()))).doesNotContain(one.toString());
        }
        assertThat(Files.readString(two.resolve("build/x.d"))).contains(two.resolve("src/h.h").toString());
        assertThat(stats().path("hits").asLong()).isEqualTo(2);
        assertThat(stats().path("misses").asLong()).isEqualTo(2);
    }

    @Test
    void aMacroNamingTheCheckoutIsNeverShared() throws Exception {
        for (Path checkout : List.of(one, two)) {
            Compile c = new Compile(checkout, List.of("-DDATA=\"" + checkout.resolve("data") + "\"", "-MD", "-c",
                    "src/y.c", "-o", "y.o"), "y.o", "y.d");
            assertThat(cached(c).exit()).isZero();
            assertAsBare(c, checkout, checkout.toString());
        }
        assertThat(stats().path("misses").asLong()).isEqualTo(2);
    }

    @Test
    void withoutABaseTheCheckoutsShareNothing() throws Exception {
        zc.env.remove("ZCCACHE_BASE_DIR");
        for (Path checkout : List.of(one, two)) {
            Compile c = compiles(checkout).get(1);
            assertThat(cached(c).exit()).isZero();
            byte[] object = Files.readAllBytes(c.cwd().resolve(c.object()));
            List<String> argv = new ArrayList<>(List.of("/usr/bin/gcc"));
            argv.addAll(c.args());
            assertThat(Zccache.exec(c.cwd(), zc.env, argv).exit()).isZero();
            assertThat(object).isEqualTo(Files.readAllBytes(c.cwd().resolve(c.object())));
        }
        assertThat(stats().path("misses").asLong()).isEqualTo(2);
    }

    @Test
    void aChangedHeaderInTheSecondCheckoutIsAMiss() throws Exception {
        Compile first = compiles(one).get(0);
        assertThat(cached(first).exit()).isZero();
        Zccache.write(two.resolve("src/h.h"), "#define SCALE 4\n");
        Zccache.pastFileClockTick();
        Compile second = compiles(two).get(0);
        assertThat(cached(second).exit()).isZero();
        assertAsBare(second, two, "second checkout, other header");
        assertThat(stats().path("hits").asLong()).isZero();
    }

    /** The same new source in both checkouts, old enough to be stored. */
    private void writeInBoth(String path, String content) throws IOException {
        for (Path checkout : List.of(one, two)) {
            Zccache.write(checkout.resolve(path), content);
        }
        Zccache.pastFileClockTick();
    }

    @Test
    void aLinkHitsInTheSecondCheckoutAndRuns() throws Exception {
        writeInBoth("src/main.c", "int x(int);\nint main(void) { return x(1) == 3 ? 0 : 1; }\n");
        for (Path checkout : List.of(one, two)) {
            assertThat(zc.run(checkout, "gcc", "-O2", "-c", "src/main.c", "-o", "main.o").exit()).isZero();
            assertThat(zc.run(checkout, "gcc", "-O2", "-c", checkout.resolve("src/x.c").toString(), "-o", "x.o")
                    .exit()).isZero();
            Zccache.Result link = zc.run(checkout, "gcc", "main.o", "x.o", "-o", "prog");
            assertThat(link.exit()).as(link.err()).isZero();
            assertThat(Zccache.exec(checkout, zc.env, List.of(checkout.resolve("prog").toString())).exit()).isZero();
            byte[] cached = Files.readAllBytes(checkout.resolve("prog"));
            assertThat(Zccache.exec(checkout, zc.env, List.of("/usr/bin/gcc", "main.o", "x.o", "-o", "prog")).exit())
                    .isZero();
            assertThat(cached).as(checkout.toString()).isEqualTo(Files.readAllBytes(checkout.resolve("prog")));
        }
        assertThat(stats().path("steps").path("link").path("hits").asLong()).isEqualTo(1);
    }

    @Test
    void anOutputThatStillNamesTheBaseIsNotStored() throws Exception {
        Compile y = compiles(one).get(1);
        assertThat(cached(y).exit()).isZero();
        // an rpath through -Xlinker: its path stands alone, so it is keyed relative to the base,
        // but the linker writes it into the program
        Zccache.Result link = zc.run(one, "gcc", "-shared", "y.o", "-o", "liby.so", "-Xlinker", "-rpath", "-Xlinker",
                one.resolve("lib").toString());
        assertThat(link.exit()).as(link.err()).isZero();
        JsonNode journal = JSON.readTree(zc.run(root, "journal", "--json", "-n", "1").out().lines()
                .reduce((a, b) -> b).orElseThrow());
        assertThat(journal.toString()).contains("base-in-output");
    }

    @Test
    void warningsNameTheCallersCheckout() throws Exception {
        writeInBoth("src/w.c", "int w(void) { int unused; return 0; }\n");
        for (Path checkout : List.of(one, two)) {
            Zccache.Result r = zc.run(checkout, "gcc", "-Wall", "-c", checkout.resolve("src/w.c").toString(), "-o",
                    "w.o");
            assertThat(r.exit()).isZero();
            assertThat(r.err()).as(checkout.toString()).contains(checkout.resolve("src/w.c").toString())
                    .contains("unused");
        }
        assertThat(stats().path("hits").asLong()).isEqualTo(1);
    }

    @Test
    void aFreshMachineAtAnotherPathBuildsFromTheRemote() throws Exception {
        try (LoopbackServers.Redis redis = new LoopbackServers.Redis(root.resolve("redis"))) {
            zc.env.put("ZCCACHE_REMOTE", redis.url());
            for (Compile c : compiles(one)) {
                assertThat(cached(c).exit()).isZero();
            }
            Zccache.await("entries written", java.time.Duration.ofSeconds(30),
                    () -> stats().path("remote").path("writes").asLong() >= 2);
            zc.close();
            zc = new Zccache(root.resolve("cache-2"));
            zc.env.putAll(Map.of("ZCCACHE_BASE_DIR", "auto", "ZCCACHE_REMOTE", redis.url()));
            zc.startConnectedToRemote();
            for (Compile c : compiles(two)) {
                assertThat(cached(c).exit()).isZero();
                assertAsBare(c, two, "fresh machine, second checkout");
            }
            assertThat(stats().path("remote").path("hits").asLong()).isEqualTo(2);
        }
    }
}
