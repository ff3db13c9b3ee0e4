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
 * starts the daemon, clears the cache, removes the socket file and deletes the store under the
 * running daemon, at random moments. Every build exits 0 with every object equal to the bare
 * build's, and the daemon left at the end finds its store sound. {@code
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
            switch (random.nextInt(5)) {
                case 0 -> zc.run(root, "stop");
                case 1 -> zc.run(root, "start");
                case 2 -> zc.run(root, "clear");
                case 3 -> Files.deleteIfExists(zc.cacheDir.resolve("daemon.sock"));
                default -> deleteTree(zc.cacheDir.resolve("store"));
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
