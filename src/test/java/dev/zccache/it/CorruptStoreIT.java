package dev.zccache.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The corrupted-store campaign (issue 17), short: a warm store's blobs, results, manifests,
 * index snapshot, journal, stats and sessions files get bit flips, truncations and deletions
 * while the daemon is stopped; the daemon starts with them, the next builds exit 0 with every
 * object equal to the bare build's (no damaged entry is ever served), and {@code zccache verify
 * --repair} leaves a sound store. {@code -Dzccache.corrupt.rounds=N} (scripts/torture) runs it long.
 */
class CorruptStoreIT {

    private static final int ROUNDS = Integer.getInteger("zccache.corrupt.rounds", 2);
    private static final int SOURCES = 16;

    @TempDir
    static Path root;
    static Zccache zc;
    static GeneratedProject project;

    @BeforeAll
    static void start() throws IOException {
        zc = new Zccache(root.resolve("cache"));
        project = GeneratedProject.create(root.resolve("project"), SOURCES);
    }

    @AfterAll
    static void stop() {
        zc.close();
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.MINUTES)
    void aDamagedStoreIsNeverServedAndIsRepaired() throws Exception {
        List<byte[]> refs = project.reference(zc);
        String cc = Zccache.LAUNCHER + " gcc";
        long seed = System.nanoTime();
        Random random = new Random(seed);
        int damaged = 0;
        for (int round = 0; round < ROUNDS; round++) {
            project.buildRight(zc, cc, 4, refs, "warming, round " + round);
            project.buildRight(zc, cc, 4, refs, "hits, round " + round);
            assertThat(zc.run(root, "stop").exit()).isZero();
            damaged += damage(random);
            project.buildRight(zc, cc, 4, refs, "after damage, round " + round + " (seed " + seed + ")");
            project.buildRight(zc, cc, 4, refs, "again, round " + round + " (seed " + seed + ")");
            Zccache.Result repair = zc.run(root, "verify", "--repair");
            assertThat(repair.exit()).as(repair.out()).isZero();
            Zccache.Result sound = zc.run(root, "verify");
            assertThat(sound.out()).as("seed %d", seed).contains("the store is sound");
        }
        System.out.printf("corrupted store: %d rounds, %d files damaged (seed %d), every object right, repaired%n",
                ROUNDS, damaged, seed);
        assertThat(damaged).isPositive();
    }

    /** Flips a byte in, truncates or deletes about a third of the store's files and the daemon's own files. */
    private static int damage(Random random) throws IOException {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(zc.cacheDir.resolve("store"))) {
            walk.filter(Files::isRegularFile).forEach(files::add);
        }
        for (String own : List.of("logs/compile_journal.jsonl", "stats.json", "sessions.json")) {
            if (Files.isRegularFile(zc.cacheDir.resolve(own))) {
                files.add(zc.cacheDir.resolve(own));
            }
        }
        int n = 0;
        for (Path f : files) {
            if (random.nextInt(3) != 0) {
                continue;
            }
            Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
            byte[] bytes = Files.readAllBytes(f);
            switch (random.nextInt(3)) {
                case 0 -> {
                    if (bytes.length > 0) {
                        bytes[random.nextInt(bytes.length)] ^= (byte) (1 << random.nextInt(8));
                    }
                    Files.write(f, bytes);
                }
                case 1 -> Files.write(f, java.util.Arrays.copyOf(bytes, bytes.length == 0 ? 0 : random.nextInt(bytes.length)));
                default -> Files.delete(f);
            }
            n++;
        }
        return n;
    }
}
