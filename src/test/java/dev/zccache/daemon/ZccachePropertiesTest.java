package dev.zccache.daemon;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ZccachePropertiesTest {

    @Test
    void negativeIdleTimeoutIsRejectedWithThePropertyName() {
        assertThatThrownBy(() -> new ZccacheProperties(Path.of("/c"), -1, Duration.ofSeconds(1), Duration.ZERO, "", 1L << 30, 0, 1 << 20, true, 0, Duration.ofSeconds(10), true, "", false, Duration.ofMillis(150), Duration.ofSeconds(5), Duration.ofDays(30), 1 << 26, 1000, "", Duration.ofSeconds(30), false))
                .hasMessageContaining("zccache.idle-timeout-secs");
    }

    @Test
    void zeroRequestTimeoutIsRejected() {
        assertThatThrownBy(() -> new ZccacheProperties(Path.of("/c"), 0, Duration.ZERO, Duration.ZERO, "", 1L << 30, 0, 1 << 20, true, 0, Duration.ofSeconds(10), true, "", false, Duration.ofMillis(150), Duration.ofSeconds(5), Duration.ofDays(30), 1 << 26, 1000, "", Duration.ofSeconds(30), false))
                .hasMessageContaining("zccache.request-timeout");
    }

    @Test
    void missingCacheDirIsRejected() {
        assertThatThrownBy(() -> new ZccacheProperties(null, 0, Duration.ofSeconds(1), Duration.ZERO, "", 1L << 30, 0, 1 << 20, true, 0, Duration.ofSeconds(10), true, "", false, Duration.ofMillis(150), Duration.ofSeconds(5), Duration.ofDays(30), 1 << 26, 1000, "", Duration.ofSeconds(30), false))
                .hasMessageContaining("zccache.cache-dir");
    }

    @Test
    void zeroCacheSizeIsRejected() {
        assertThatThrownBy(() -> new ZccacheProperties(Path.of("/c"), 0, Duration.ofSeconds(1), Duration.ZERO, "", 0, 0, 1 << 20, true, 0, Duration.ofSeconds(10), true, "", false, Duration.ofMillis(150), Duration.ofSeconds(5), Duration.ofDays(30), 1 << 26, 1000, "", Duration.ofSeconds(30), false))
                .hasMessageContaining("zccache.cache-size-bytes");
    }

    @Test
    void negativeMaxJobsIsRejected() {
        assertThatThrownBy(() -> new ZccacheProperties(Path.of("/c"), 0, Duration.ofSeconds(1), Duration.ZERO, "", 1, -1, 1 << 20, true, 0, Duration.ofSeconds(10), true, "", false, Duration.ofMillis(150), Duration.ofSeconds(5), Duration.ofDays(30), 1 << 26, 1000, "", Duration.ofSeconds(30), false))
                .hasMessageContaining("zccache.max-jobs");
    }
}
