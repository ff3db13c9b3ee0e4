package dev.zccache.daemon;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

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
 * @param cacheSizeBytes the store's size budget; least valuable entries are evicted beyond it
 * @param maxJobs compilers the daemon runs at once; 0 = one per CPU
 * @param journalMaxBytes logs/compile_journal.jsonl is rotated (to .1) beyond this size
 * @param actuatorEnabled whether the daemon serves Actuator over HTTP on 127.0.0.1
 * @param actuatorPort its port; 0 = any free port (shown by `zccache status`)
 * @param actuatorRequestTimeout an Actuator client must send its request within this (whole seconds)
 * @param nativeStat re-confirm a hit's files with one call to the daemon's stat library
 *     (libzccache-native.so); false: one Java stat per file (same answers, slower)
 *
 * <p>Validated in the constructor rather than with Bean Validation: bootstrapping Hibernate
 * Validator costs a few hundred milliseconds of the daemon's start-up budget.
 */
@ConfigurationProperties("zccache")
public record ZccacheProperties(
        Path cacheDir,
        @DefaultValue("3600") long idleTimeoutSecs,
        @DefaultValue("10s") Duration requestTimeout,
        @DefaultValue("10m") Duration shutdownGrace,
        @DefaultValue("") String buildVersion,
        @DefaultValue("5368709120") long cacheSizeBytes,
        @DefaultValue("0") int maxJobs,
        @DefaultValue("10485760") long journalMaxBytes,
        @DefaultValue("true") boolean actuatorEnabled,
        @DefaultValue("0") int actuatorPort,
        @DefaultValue("10s") Duration actuatorRequestTimeout,
        @DefaultValue("true") boolean nativeStat) {

    public ZccacheProperties {
        require(cacheDir != null, "zccache.cache-dir must be set");
        require(idleTimeoutSecs >= 0, "zccache.idle-timeout-secs must be >= 0 (0 = never)");
        require(requestTimeout != null && requestTimeout.toMillis() > 0, "zccache.request-timeout must be > 0");
        require(shutdownGrace != null && !shutdownGrace.isNegative(), "zccache.shutdown-grace must be >= 0");
        require(cacheSizeBytes > 0, "zccache.cache-size-bytes must be > 0");
        require(maxJobs >= 0, "zccache.max-jobs must be >= 0 (0 = one per CPU)");
        require(journalMaxBytes >= 4096, "zccache.journal-max-bytes must be >= 4096");
        require(actuatorPort >= 0 && actuatorPort <= 65535, "zccache.actuator-port must be 0..65535 (0 = any free port)");
        require(actuatorRequestTimeout != null && actuatorRequestTimeout.toSeconds() >= 1,
                "zccache.actuator-request-timeout must be >= 1s");
        buildVersion = buildVersion == null ? "" : buildVersion;
    }

    /** How many compilers may run at once. */
    public int effectiveMaxJobs() {
        return maxJobs > 0 ? maxJobs : Runtime.getRuntime().availableProcessors();
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
