package dev.zccache.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lifecycle campaign (issue 17), short: parallel builds while another client stops and
 * starts the daemon, clears the cache, removes the socket file and deletes the store or the
 * whole cache dir under the running daemon, at random moments. Every build exits 0 with every
 * object equal to the bare build's, and the daemon left at the end finds its store sound. {@code
 * -Dzccache.lifecycle.builds=N} (scripts/torture) runs it long.
 */
class LifecycleRaceIT {

    private static final int BUILDS = Integer.getInteger("zccache.lifecycle.builds", 4);
    private static final int SOURCES = 16;

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
    void buildsSucceedWhileTheDaemonIsStoppedStartedClearedAndRobbedOfItsFiles() throws Exception {
        List<byte[]> refs = project.reference(zc);
        String cc = Zccache.LAUNCHER + " gcc";
        int disruptions;
        try (Disruptor disruptor = Disruptor.every(20, 320, random -> {
            switch (random.nextInt(6)) {
                case 0 -> zc.run(root, "stop");
                case 1 -> zc.run(root, "start");
                case 2 -> zc.run(root, "clear");
                case 3 -> Files.deleteIfExists(zc.cacheDir.resolve("daemon.sock"));
                case 4 -> deleteTree(zc.cacheDir.resolve("store"));
                default -> deleteTree(zc.cacheDir); // the whole cache dir, socket, lock and logs too
            }
            return true;
        })) {
            for (int b = 0; b < BUILDS; b++) {
                // a new header each time: every build compiles (misses), not only hits
                GeneratedProject.header(project.dir, "build " + b);
                Zccache.pastFileClockTick();
                project.buildRight(zc, cc, 8, refs, "build " + b);
            }
            disruptions = disruptor.count();
        }
        zc.start();
        Zccache.Result after = project.build(zc, cc, 8);
        assertThat(after.exit()).as(after.err()).isZero();
        Zccache.Result verify = zc.run(root, "verify");
        System.out.printf("lifecycle: %d builds, %d disruptions, every object right; verify: %s%n", BUILDS,
                disruptions, verify.out().lines().reduce((a, b) -> b).orElse(""));
        assertThat(disruptions).isPositive();
    }

    /**
     * Two installs of different versions sharing one cache dir (two CI jobs on one machine, a
     * user halfway through an upgrade): each launcher replaces the other's daemon when it finds
     * one. Builds of both at once, for a while: every build exits 0 with every object right.
     */
    @Test
    @Timeout(value = 20, unit = TimeUnit.MINUTES)
    void twoVersionsBuildingAtOnceBothSucceed() throws Exception {
        Path other = root.resolve("other/zccache");
        Files.createDirectories(other.getParent());
        Zccache.Result made = Zccache.exec(Path.of("src/main/c"), zc.env, List.of("gcc", "-std=gnu11", "-D_GNU_SOURCE",
                "-O2", "-DZCCACHE_VERSION=\"0.0.1-other\"", "-o", other.toString(), "launcher.c", "frame.c", "paths.c",
                "spawn.c"));
        assertThat(made.exit()).as(made.err()).isZero();
        GeneratedProject second = GeneratedProject.create(root.resolve("project-other"), SOURCES);
        Zccache otherZc = new Zccache(zc.cacheDir);
        // the daemon the other launcher starts says the other version (the jar is this one)
        otherZc.env.put("ZCCACHE_BUILD_VERSION", "0.0.1-other");
        otherZc.env.put("ZCCACHE_START_TIMEOUT_MS", "30000");
        List<byte[]> refs = project.reference(zc);
        List<byte[]> otherRefs = second.reference(otherZc);
        long t0 = System.nanoTime();
        java.util.concurrent.CompletableFuture<Void> others = java.util.concurrent.CompletableFuture.runAsync(() -> {
            for (int b = 0; b < BUILDS; b++) {
                second.buildRight(otherZc, other + " gcc", 4, otherRefs, "other version, build " + b);
            }
        });
        for (int b = 0; b < BUILDS; b++) {
            project.buildRight(zc, Zccache.LAUNCHER + " gcc", 4, refs, "this version, build " + b);
        }
        others.get(15, TimeUnit.MINUTES);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        Path log = zc.cacheDir.resolve("logs/launcher.log");
        long replaced = Files.exists(log) ? Files.readAllLines(log).stream().filter(l -> l.contains("replacing daemon"))
                .count() : 0;
        System.out.printf("two versions: %d builds each at once, every object right, %d daemons replaced, %d ms%n",
                BUILDS, replaced, millis);
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
