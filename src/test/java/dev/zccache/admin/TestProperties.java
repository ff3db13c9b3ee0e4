package dev.zccache.admin;

import dev.zccache.daemon.ZccacheProperties;
import java.nio.file.Path;
import java.time.Duration;

/** The settings admin tests run with: the daemon's defaults but a 1 MiB store and no remote. */
final class TestProperties {

    private TestProperties() {
    }

    static ZccacheProperties of(Path cacheDir) {
        return new ZccacheProperties(cacheDir, 3600, Duration.ofSeconds(10), Duration.ofMinutes(10), "", 1 << 20, 0,
                1 << 20, true, 0, Duration.ofSeconds(10), true, "", false, Duration.ofMillis(150), Duration.ofSeconds(5),
                Duration.ofDays(30), 1 << 26, 1000, "", Duration.ofSeconds(30), false);
    }
}
