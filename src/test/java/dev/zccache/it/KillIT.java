package dev.zccache.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kill -9 campaign (issue 17), short: parallel builds of a generated project while the
 * daemon is killed with SIGKILL at random moments (during misses, publication, hits, its own
 * start). Every build must exit 0 with every object equal to the bare build's, and afterwards
 * {@code zccache verify} must find the store sound. {@code -Dzccache.kill.builds=N}
 * (scripts/torture) runs it long, with {@code -Dzccache.kill.zlib=DIR} every other build zlib's.
 */
class KillIT {

    private static final int BUILDS = Integer.getInteger("zccache.kill.builds", 4);
    private static final int SOURCES = 24;
    /** A configured zlib source tree (scripts/torture fetches Debian's): then every other build is zlib's. */
    private static final String ZLIB = System.getProperty("zccache.kill.zlib", "");

    @TempDir
    static Path root;
    static Zccache zc;
    static GeneratedProject project;

    @BeforeAll
    static void start() throws IOException {
        zc = new Zccache(root.resolve("cache"));
        zc.env.put("ZCCACHE_START_TIMEOUT_MS", "30000");
        project = GeneratedProject.create(root.resolve("project"), SOURCES);
    }

    @AfterAll
    static void stop() {
        zc.close();
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.MINUTES)
    void buildsSucceedAndObjectsAreRightWhileTheDaemonIsKilledAtRandom() throws Exception {
        List<byte[]> refs = project.reference(zc);
        String cc = Zccache.LAUNCHER + " gcc";
        Path zlib = ZLIB.isEmpty() ? null : Path.of(ZLIB);
        Map<String, String> zlibRefs = zlib == null ? Map.of() : zlibBuild(zlib, "gcc");
        int kills;
        try (Disruptor killer = Disruptor.every(100, 1000, random -> {
            long pid = zc.daemonPid().orElse(-1L);
            return pid > 0 && new ProcessBuilder("kill", "-9", Long.toString(pid)).start().waitFor() == 0;
        })) {
            for (int b = 0; b < BUILDS; b++) {
                if (zlib != null && b % 2 == 1) {
                    assertThat(zlibBuild(zlib, cc)).as("zlib, build " + b).isEqualTo(zlibRefs);
                    continue;
                }
                if (b % (zlib == null ? 2 : 4) == (zlib == null ? 1 : 2)) {
                    GeneratedProject.header(project.dir, Integer.toString(b));
                    Zccache.pastFileClockTick();
                }
                project.buildRight(zc, cc, 8, refs, "build " + b);
            }
            kills = killer.count();
        }
        zc.start();
        Zccache.Result verify = zc.run(root, "verify");
        System.out.printf("kill -9: %d builds%s, %d kills, every object right; verify: %s%n", BUILDS,
                zlib == null ? "" : " (every other one zlib's)", kills,
                verify.out().lines().reduce((a, b) -> b).orElse(""));
        assertThat(verify.exit()).as(verify.out()).isZero();
        assertThat(verify.out()).contains("the store is sound");
        assertThat(kills).as("the daemon was killed").isPositive();
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
