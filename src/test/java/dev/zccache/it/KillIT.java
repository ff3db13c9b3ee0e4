package dev.zccache.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kill -9 campaign (issue 17), short: parallel builds of a generated project while the
 * daemon is killed with SIGKILL at random moments (during misses, publication, hits). Every
 * build must exit 0 with every object equal to the bare build's, and afterwards {@code zccache
 * verify} must find the store sound. {@code -Dzccache.kill.builds=N}
 * (scripts/torture) runs it long, with {@code -Dzccache.kill.zlib=DIR} every other build zlib's.
 */
class KillIT {

    private static final int BUILDS = Integer.getInteger("zccache.kill.builds", 4);
    private static final int SOURCES = 24;
    /** A configured zlib source tree (scripts/torture fetches Debian's): then every other build is zlib's. */
    private static final String ZLIB = System.getProperty("zccache.kill.zlib", "");
    /** Builds run in this many streams at once, each in a project of its own (one daemon serves them all). */
    private static final int STREAMS = Integer.getInteger("zccache.kill.streams", 2);
    /** How long each daemon lives once it answers, at random between these (ms). */
    private static final int[] LIFE = java.util.Arrays.stream(System.getProperty("zccache.kill.life", "300-3000")
            .split("-")).mapToInt(Integer::parseInt).toArray();

    @TempDir
    static Path root;
    static Zccache zc;

    @BeforeAll
    static void start() throws IOException {
        zc = new Zccache(root.resolve("cache"));
        zc.env.put("ZCCACHE_START_TIMEOUT_MS", "30000");
    }

    @AfterAll
    static void stop() {
        zc.close();
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.MINUTES)
    void buildsSucceedAndObjectsAreRightWhileTheDaemonIsKilledAtRandom() throws Exception {
        Path zlib = ZLIB.isEmpty() ? null : Path.of(ZLIB);
        int kills;
        ExecutorService streams = Executors.newFixedThreadPool(STREAMS);
        KillAfterRandomLife life = new KillAfterRandomLife();
        try (Disruptor killer = Disruptor.every(30, 150, life::poll)) {
            List<Future<?>> running = new ArrayList<>();
            for (int s = 0; s < STREAMS; s++) {
                int stream = s;
                running.add(streams.submit(() -> {
                    stream(stream, zlib);
                    return null;
                }));
            }
            for (Future<?> f : running) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    throw e.getCause() instanceof Error error ? error : new AssertionError(e.getCause());
                }
            }
            kills = killer.count();
        } finally {
            streams.shutdownNow();
        }
        zc.start();
        Zccache.Result verify = zc.run(root, "verify");
        System.out.printf("kill -9: %d builds in %d streams%s, %d kills, every object right; verify: %s%n", BUILDS,
                STREAMS, zlib == null ? "" : " (every other one zlib's)", kills,
                verify.out().lines().reduce((a, b) -> b).orElse(""));
        assertThat(verify.exit()).as(verify.out()).isZero();
        assertThat(verify.out()).contains("the store is sound");
        assertThat(kills).as("the daemon was killed").isPositive();
    }

    /**
     * One stream's share of the builds, in a project (and zlib tree) of its own, built bare first
     * for the reference objects: every other build zlib's when there is a zlib, and every other
     * build of the generated project after a change of its header.
     */
    private static void stream(int stream, Path zlibTree) throws Exception {
        GeneratedProject project = GeneratedProject.create(root.resolve("project" + stream), SOURCES);
        List<byte[]> refs = project.reference(zc);
        Path zlib = null;
        Map<String, String> zlibRefs = Map.of();
        if (zlibTree != null) {
            zlib = root.resolve("zlib" + stream);
            assertThat(Zccache.exec(root, zc.env, List.of("cp", "-a", zlibTree.toString(), zlib.toString())).exit())
                    .isZero();
            zlibRefs = zlibBuild(zlib, "gcc");
        }
        String cc = Zccache.LAUNCHER + " gcc";
        for (int k = 0, b = stream; b < BUILDS; k++, b += STREAMS) {
            if (zlib != null && k % 2 == 1) {
                assertThat(zlibBuild(zlib, cc)).as("zlib, build " + b).isEqualTo(zlibRefs);
                continue;
            }
            if (k % (zlib == null ? 2 : 4) == (zlib == null ? 1 : 2)) {
                GeneratedProject.header(project.dir, Integer.toString(b));
                Zccache.pastFileClockTick();
            }
            project.buildRight(zc, cc, 8, refs, "build " + b);
        }
    }

    /**
     * Each daemon that answers is killed once it has answered for a random LIFE: a moment
     * anywhere in its work (misses, publication, hits, its index snapshot, journal writes). A daemon
     * killed as soon as it answers would spend the campaign starting (each start, under 4 builds
     * of make -j8, took 3-5 s) and the builds waiting for it, or compiling bare what was in flight.
     */
    private static final class KillAfterRandomLife {
        private long pid = -1;
        private long deadline;

        boolean poll(java.util.Random random) throws Exception {
            long now = System.nanoTime();
            long answering = zc.daemonPid().orElse(-1L);
            if (answering <= 0) {
                return false;
            }
            if (answering != pid) {
                pid = answering;
                deadline = now + TimeUnit.MILLISECONDS.toNanos(LIFE[0] + random.nextInt(LIFE[1] - LIFE[0]));
                return false;
            }
            return now >= deadline && new ProcessBuilder("kill", "-9", Long.toString(pid)).start().waitFor() == 0;
        }
    }

    /** zlib cleaned and built with make -j8 CC=cc, which must exit 0: its objects' SHA-256, by name. */
    private static Map<String, String> zlibBuild(Path zlib, String cc) throws IOException {
        assertThat(Zccache.exec(zlib, zc.env, List.of("make", "-s", "clean")).exit()).isZero();
        Zccache.Result r = Zccache.exec(zlib, zc.env, List.of("make", "-s", "-j8", "CC=" + cc));
        assertThat(r.exit()).as("zlib with CC=%s: %s", cc, r.err()).isZero();
        Map<String, String> objects = new TreeMap<>();
        try (Stream<Path> files = Files.list(zlib)) {
            for (Path f : files.filter(f -> f.toString().endsWith(".o") || f.toString().endsWith(".lo")).toList()) {
                objects.put(f.getFileName().toString(), java.util.HexFormat.of().formatHex(
                        dev.zccache.hash.Sha256.newDigest().digest(Files.readAllBytes(f))));
            }
        }
        assertThat(objects).isNotEmpty();
        return objects;
    }
}
