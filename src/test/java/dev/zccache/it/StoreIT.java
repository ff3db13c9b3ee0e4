package dev.zccache.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The store as an operator sees it: size budget, stats across restarts, clear, crashes. */
class StoreIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path root;

    private Path work;
    private CompilerSpy gcc;

    private Zccache daemon(Map<String, String> env) throws IOException {
        work = Files.createDirectories(root.resolve("work"));
        gcc = CompilerSpy.create(Files.createDirectories(root.resolve("bin")), "gcc", "/usr/bin/gcc");
        Zccache zc = new Zccache(root.resolve("cache"));
        zc.env.putAll(env);
        return zc;
    }

    private static JsonNode stats(Zccache zc) {
        Zccache.Result r = zc.run(zc.cacheDir.getParent(), "stats", "--json");
        assertThat(r.exit()).as(r.err()).isZero();
        return JSON.readTree(r.out());
    }

    /** Sources old enough to be stored (an input changed while the compiler ran is not). */
    private void writeSources(int n) throws IOException {
        for (int i = 0; i < n; i++) {
            Zccache.write(work.resolve("s" + i + ".c"), "int v" + i + "[" + (100 + i) + "] = {" + i + "};\n"
                    + "int f" + i + "(int x) { return x * " + i + "; }\n");
        }
        long written = System.currentTimeMillis();
        Zccache.await("sources to age", Duration.ofSeconds(5), () -> System.currentTimeMillis() - written > 60);
    }

    private Zccache.Result compile(Zccache zc, int i, String out) {
        return zc.run(work, gcc.path.toString(), "-O1", "-c", "s" + i + ".c", "-o", out);
    }

    private byte[] reference(Zccache zc, int i) throws IOException {
        Zccache.Result r = Zccache.exec(work, zc.env, List.of("/usr/bin/gcc", "-O1", "-c", "s" + i + ".c", "-o",
                "ref" + i + ".o"));
        assertThat(r.exit()).isZero();
        return Files.readAllBytes(work.resolve("ref" + i + ".o"));
    }

    /** CORRECTNESS 38: different compiles while eviction runs under a tiny budget: all ≡ ref. */
    @Test
    void tinyBudgetEvictsAndEveryObjectIsStillRight() throws Exception {
        try (Zccache zc = daemon(Map.of("ZCCACHE_CACHE_SIZE_BYTES", "20000"))) {
            writeSources(24);
            List<byte[]> refs = new ArrayList<>();
            for (int i = 0; i < 24; i++) {
                refs.add(reference(zc, i));
            }
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                for (int round = 0; round < 3; round++) {
                    List<Future<Zccache.Result>> runs = new ArrayList<>();
                    for (int i = 0; i < 24; i++) {
                        int n = i;
                        int r = round;
                        runs.add(pool.submit(() -> compile(zc, n, "o" + n + "-" + r + ".o")));
                    }
                    for (int i = 0; i < 24; i++) {
                        assertThat(runs.get(i).get().exit()).isZero();
                        assertThat(Files.readAllBytes(work.resolve("o" + i + "-" + round + ".o"))).isEqualTo(refs.get(i));
                    }
                }
            } finally {
                pool.shutdownNow();
            }
            Zccache.await("the store to shrink under its budget", Duration.ofSeconds(20),
                    () -> stats(zc).path("size_bytes").asLong() <= 20000);
            JsonNode s = stats(zc);
            assertThat(s.path("evictions").asLong()).isPositive();
            assertThat(s.path("budget_bytes").asLong()).isEqualTo(20000);
        }
    }

    /** Issue 3 §6: counters survive a restart; the cache is warm at once; --zero resets. */
    @Test
    void statsAndEntriesSurviveARestart() throws Exception {
        try (Zccache zc = daemon(Map.of())) {
            writeSources(2);
            compile(zc, 0, "a.o");
            compile(zc, 0, "a.o");
            zc.run(work, gcc.path.toString(), "s1.c", "-o", "prog-fails-to-link");
            JsonNode before = stats(zc);
            assertThat(before.path("hits").asLong()).isEqualTo(1);
            assertThat(before.path("misses").asLong()).isEqualTo(1);
            assertThat(before.path("uncacheable_reasons").path("link").asLong()).isEqualTo(1);
            assertThat(before.path("entries").asLong()).isEqualTo(1);
            assertThat(before.path("size_bytes").asLong()).isPositive();

            assertThat(zc.run(root, "stop").exit()).isZero();
            int calls = gcc.calls();
            compile(zc, 0, "b.o");
            assertThat(gcc.calls()).as("a restarted daemon is warm").isEqualTo(calls);
            JsonNode after = stats(zc);
            assertThat(after.path("hits").asLong()).isEqualTo(2);
            assertThat(after.path("misses").asLong()).isEqualTo(1);
            assertThat(after.path("uncacheable").asLong()).isEqualTo(1);
            assertThat(after.path("entries").asLong()).isEqualTo(1);
            assertThat(after.path("size_bytes").asLong()).isEqualTo(before.path("size_bytes").asLong());

            Zccache.Result zero = zc.run(root, "stats", "--zero");
            assertThat(zero.exit()).isZero();
            assertThat(stats(zc).path("hits").asLong()).isZero();
            assertThat(stats(zc).path("entries").asLong()).as("zeroing keeps the cache").isEqualTo(1);
        }
    }

    /** zccache clear: every entry goes, the next compile runs the compiler, counters stay. */
    @Test
    void clearEmptiesTheCache() throws Exception {
        try (Zccache zc = daemon(Map.of())) {
            writeSources(1);
            compile(zc, 0, "a.o");
            compile(zc, 0, "a.o");
            Zccache.Result cleared = zc.run(root, "clear");
            assertThat(cleared.exit()).as(cleared.err()).isZero();
            JsonNode s = stats(zc);
            assertThat(s.path("entries").asLong()).isZero();
            assertThat(s.path("size_bytes").asLong()).isZero();
            assertThat(s.path("hits").asLong()).isEqualTo(1);
            int calls = gcc.calls();
            compile(zc, 0, "a.o");
            assertThat(gcc.calls()).isEqualTo(calls + 1);
            assertThat(Files.readAllBytes(work.resolve("a.o"))).isEqualTo(reference(zc, 0));
        }
    }

    /** Human output is a table; unknown options are refused with status 2. */
    @Test
    void statsTextAndBadOptions() throws Exception {
        try (Zccache zc = daemon(Map.of())) {
            Zccache.Result text = zc.run(root, "stats");
            assertThat(text.exit()).isZero();
            assertThat(text.out()).contains("hits").contains("misses").contains("hit rate").contains("size");
            Zccache.Result bad = zc.run(root, "stats", "--frobnicate");
            assertThat(bad.exit()).isEqualTo(2);
            assertThat(bad.out() + bad.err()).contains("unknown option");
            assertThat(zc.run(root, "clear", "now").exit()).isEqualTo(2);
        }
    }

    /** CORRECTNESS 41: the daemon killed mid-build and its socket removed: the build succeeds, outputs ≡ ref. */
    @Test
    void daemonKilledMidBuildLosesNothing() throws Exception {
        try (Zccache zc = daemon(Map.of())) {
            writeSources(16);
            List<byte[]> refs = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                refs.add(reference(zc, i));
            }
            zc.start();
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<Zccache.Result>> runs = new ArrayList<>();
                for (int i = 0; i < 16; i++) {
                    int n = i;
                    runs.add(pool.submit(() -> compile(zc, n, "k" + n + ".o")));
                    if (i == 6) {
                        long pid = zc.daemonPid().orElseThrow();
                        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
                        Files.deleteIfExists(zc.cacheDir.resolve("daemon.sock"));
                    }
                }
                for (int i = 0; i < 16; i++) {
                    Zccache.Result r = runs.get(i).get();
                    assertThat(r.exit()).as(r.err()).isZero();
                    assertThat(Files.readAllBytes(work.resolve("k" + i + ".o"))).isEqualTo(refs.get(i));
                }
            } finally {
                pool.shutdownNow();
            }
            for (int i = 0; i < 16; i++) {
                compile(zc, i, "again" + i + ".o");
                assertThat(Files.readAllBytes(work.resolve("again" + i + ".o"))).isEqualTo(refs.get(i));
            }
        }
    }

    /** zccache verify finds a damaged blob, --repair removes it, the next compile stores it anew. */
    @Test
    void verifyFindsADamagedObjectAndRepairMakesTheNextCompileAMissThatIsRight() throws Exception {
        try (Zccache zc = daemon(Map.of())) {
            writeSources(1);
            byte[] ref = reference(zc, 0);
            assertThat(compile(zc, 0, "a.o").exit()).isZero();
            Zccache.Result sound = zc.run(work, "verify");
            assertThat(sound.exit()).as(sound.out() + sound.err()).isZero();
            assertThat(sound.out()).contains("the store is sound");

            Path blob;
            try (var walk = Files.walk(zc.cacheDir.resolve("store/blobs"))) {
                blob = walk.filter(Files::isRegularFile).filter(p -> {
                    try {
                        return java.util.Arrays.equals(Files.readAllBytes(p), ref);
                    } catch (IOException e) {
                        return false;
                    }
                }).findFirst().orElseThrow();
            }
            Files.setPosixFilePermissions(blob, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
            byte[] flipped = ref.clone();
            flipped[flipped.length / 2] ^= 0x40;
            Files.write(blob, flipped);

            Zccache.Result found = zc.run(work, "verify");
            assertThat(found.exit()).isEqualTo(1);
            assertThat(found.out()).contains("blob whose bytes do not match its name")
                    .contains("result naming a missing or damaged blob");
            Zccache.Result repaired = zc.run(work, "verify", "--repair");
            assertThat(repaired.exit()).as(repaired.out()).isZero();
            assertThat(zc.run(work, "verify").out()).contains("the store is sound");

            int calls = gcc.calls();
            assertThat(compile(zc, 0, "b.o").exit()).isZero();
            assertThat(gcc.calls()).as("the damaged entry is gone: a miss").isEqualTo(calls + 1);
            assertThat(work.resolve("b.o")).hasBinaryContent(ref);
            assertThat(compile(zc, 0, "c.o").exit()).isZero();
            assertThat(gcc.calls()).as("stored anew: a hit").isEqualTo(calls + 1);
            assertThat(work.resolve("c.o")).hasBinaryContent(ref);
        }
    }
}
