package dev.zccache.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A short seeded run of scripts/differential (the randomized differential test of the C/C++
 * cache) through the real launcher and daemon: every .o and .d of every step ≡ the bare build.
 * The script runs many more seeds by hand (see its usage).
 */
class DifferentialIT {

    @TempDir
    Path work;

    @Test
    void seededMutationsNeverGiveADifferentOutput() {
        try (Zccache zc = new Zccache(work.resolve("cache"))) {
            Zccache.Result r = Zccache.exec(work, zc.merged(java.util.Map.of()), List.of("python3",
                    Path.of("scripts/differential").toAbsolutePath().toString(), "--seed", "11", "--steps", "24",
                    "--quiet", "--launcher", Zccache.LAUNCHER.toString()));
            assertThat(r.exit()).as(r.out() + r.err()).isZero();
            assertThat(r.out()).contains("1 seeds x 24 steps").contains(": 0 steps with differences");
            assertThat(zc.run(work, "stats", "--json").out()).doesNotContain("\"hits\":0,");
        }
    }
}
