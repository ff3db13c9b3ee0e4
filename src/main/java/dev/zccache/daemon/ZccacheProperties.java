package dev.zccache.daemon;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Every daemon setting (prefix {@code zccache}). Documented in config/application.yml; each can
 * be set there or as an environment variable by Spring's relaxed binding, e.g.
 * {@code ZCCACHE_IDLE_TIMEOUT_SECS} for {@code zccache.idle-timeout-secs}.
 *
 * @param cacheDir the cache directory (set by the launcher from ZCCACHE_CACHE_DIR)
 * @param idleTimeoutSecs exit after this many seconds without a request; 0 = never
 * @param requestTimeout how long a client may take to send its request
 * @param shutdownGrace how long a stop waits for compiles in flight
 * @param buildVersion the version this daemon reports; empty = the build's own
 */
@Validated
@ConfigurationProperties("zccache")
public record ZccacheProperties(
        @NotNull Path cacheDir,
        @DefaultValue("3600") @PositiveOrZero long idleTimeoutSecs,
        @DefaultValue("10s") @NotNull Duration requestTimeout,
        @DefaultValue("10m") @NotNull Duration shutdownGrace,
        @DefaultValue("") String buildVersion) {
}
