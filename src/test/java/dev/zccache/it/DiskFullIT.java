package dev.zccache.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import dev.zccache.hash.FileClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The disk-full campaign (issue 17): the cache dir on a small tmpfs that another process fills
 * up while builds run. Every build exits 0 with every object equal to the bare build's (compiled
 * directly when nothing can be stored); the daemon stays the same process, counts the failed
 * writes, says its store is {@code DOWN} while it cannot write, starts on a full disk, and
 * stores and hits again once there is room; {@code zccache verify} finds the store sound.
 * Mounting the tmpfs needs root (as CI has). {@code -Dzccache.diskfull.builds=N}
 * (scripts/torture) runs the random part long.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DiskFullIT {

    private static final int BUILDS = Integer.getInteger("zccache.diskfull.builds", 6);
    private static final int SOURCES = 24;

    @TempDir
    static Path root;
    static Path cacheDir;
    static boolean mounted;
    static Zccache zc;
    static GeneratedProject project;
    static List<byte[]> refs;
    static String cc;

    @BeforeAll
    static void mount() throws Exception {
        cacheDir = Files.createDirectories(root.resolve("cache"));
        mounted = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=12m,mode=0700", "tmpfs", cacheDir.toString())
                .inheritIO().start().waitFor() == 0;
        assumeTrue(mounted, "mounting a tmpfs needs root");
        zc = new Zccache(cacheDir);
        zc.env.put("ZCCACHE_START_TIMEOUT_MS", "30000");
        project = GeneratedProject.create(root.resolve("project"), SOURCES);
        refs = project.reference(zc);
        cc = Zccache.LAUNCHER + " gcc";
    }

    @AfterAll
    static void unmount() throws Exception {
        if (zc != null) {
            zc.close();
        }
        if (mounted) {
            new ProcessBuilder("umount", "-l", cacheDir.toString()).inheritIO().start().waitFor();
        }
    }

    /** Fills the cache dir's file system to the last byte (a file of its own there); false when it was full already. */
    static boolean fill(String name) throws IOException {
        byte[] chunk = new byte[64 * 1024];
        long written = 0;
        try (OutputStream out = Files.newOutputStream(cacheDir.resolve(name))) {
            while (true) {
                out.write(chunk);
                written += chunk.length;
            }
        } catch (IOException full) {
            if (!full.getMessage().contains("No space left")) {
                throw full;
            }
        }
        // what a 64 KiB write could not take: the last pages, byte-sized writes fill them too
        try (OutputStream out = Files.newOutputStream(cacheDir.resolve(name + ".rest"))) {
            while (true) {
                out.write(chunk, 0, 512);
            }
        } catch (IOException full) {
            // full to the page
        }
        return written > 0;
    }

    static void free(String name) throws IOException {
        Files.deleteIfExists(cacheDir.resolve(name));
        Files.deleteIfExists(cacheDir.resolve(name + ".rest"));
    }

    static long counter(String name) {
        return zc.stats().path(name).asLong();
    }

    static String storeHealth() throws Exception {
        return zc.health().path("components").path("store").path("status").asString();
    }

    @Test
    @Order(1)
    void aFullDiskFailsNoBuildIsCountedAndSaidByHealthAndTheStoreRecoversWhenThereIsRoom() throws Exception {
        zc.start();
        long pid = zc.daemonPid().orElseThrow();
        project.buildRight(zc, cc, 4, refs, "room enough");
        assertThat(storeHealth()).isEqualTo("UP");

        GeneratedProject.header(project.dir, "full");
        Zccache.pastFileClockTick();
        long errors = counter("errors");
        assertThat(fill("filler")).isTrue();
        project.buildRight(zc, cc, 4, refs, "disk full");
        assertThat(counter("errors")).as("failed writes counted").isGreaterThan(errors);
        assertThat(zc.run(project.dir, "explain", "f0.o").out()).contains("No space left on device");
        assertThat(storeHealth()).as("the store cannot write").isEqualTo("DOWN");
        assertThat(zc.daemonPid()).as("the same daemon").hasValue(pid);
        assertThat(Files.list(cacheDir.resolve("tmp")).filter(f -> !f.getFileName().toString().equals(FileClock.MARK)).toList())
                .as("nothing half-written left").isEmpty();

        free("filler");
        GeneratedProject.header(project.dir, "room again");
        Zccache.pastFileClockTick();
        project.buildRight(zc, cc, 4, refs, "room again");
        long hits = counter("hits");
        project.buildRight(zc, cc, 4, refs, "hits after room came back");
        assertThat(counter("hits") - hits).as("stored once there was room").isEqualTo(SOURCES);
        assertThat(storeHealth()).isEqualTo("UP");
        assertThat(zc.daemonPid()).hasValue(pid);
    }

    @Test
    @Order(2)
    void aDaemonStartsOnAFullDiskAndBuildsStillSucceed() throws Exception {
        zc.run(root, "stop");
        Zccache.await("the daemon to stop", java.time.Duration.ofSeconds(20), () -> !zc.running());
        fill("filler");
        try {
            GeneratedProject.header(project.dir, "started full");
            Zccache.pastFileClockTick();
            long t0 = System.nanoTime();
            project.buildRight(zc, cc, 4, refs, "daemon started on a full disk");
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            System.out.printf("disk full: a build whose daemon starts on a full disk took %d ms%n", millis);
        } finally {
            free("filler");
        }
        project.buildRight(zc, cc, 4, refs, "room again after a full start");
        assertThat(zc.running()).isTrue();
    }

    @Test
    @Order(3)
    @Timeout(value = 15, unit = TimeUnit.MINUTES)
    void buildsSucceedWhileTheDiskFillsAndEmptiesAtRandom() throws Exception {
        zc.start();
        long pid = zc.daemonPid().orElseThrow();
        long errors = counter("errors");
        AtomicBoolean full = new AtomicBoolean();
        int fills;
        try (Disruptor filler = Disruptor.every(50, 600, random -> {
            if (full.get()) {
                free("filler-r");
                full.set(false);
                return false;
            }
            full.set(true);
            return fill("filler-r");
        })) {
            for (int b = 0; b < BUILDS; b++) {
                GeneratedProject.header(project.dir, "random " + b);
                Zccache.pastFileClockTick();
                project.buildRight(zc, cc, 8, refs, "build " + b);
            }
            fills = filler.count();
        }
        free("filler-r");
        long failed = counter("errors") - errors;
        assertThat(zc.daemonPid()).as("the same daemon throughout").hasValue(pid);
        Zccache.Result verify = zc.run(root, "verify");
        System.out.printf("disk full: %d builds, %d fills, %d failed writes, every object right, the same daemon;"
                + " verify: %s%n", BUILDS, fills, failed, verify.out().lines().reduce((a, b) -> b).orElse(""));
        assertThat(verify.exit()).as(verify.out()).isZero();
        assertThat(fills).as("the disk was filled").isPositive();
    }
}
