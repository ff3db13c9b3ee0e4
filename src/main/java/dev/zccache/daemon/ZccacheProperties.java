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
 * @param remote the shared cache behind the local store: redis://, rediss://, redis+cluster://,
 *     http:// or https:// URL; empty = none
 * @param remoteReadOnly read what others wrote to the remote, write nothing
 * @param remoteReadTimeout how long a compile waits for one remote read
 * @param remoteWriteTimeout how long the background writer waits for one remote write (and a connection)
 * @param remoteTtl how long the remote keeps an entry (Redis: the keys' TTL)
 * @param remoteMaxValueBytes the largest value read from or written to the remote
 * @param remoteQueue entries waiting to be written to the remote; beyond it new ones are dropped
 * @param remoteAuthFile a file with the HTTP remote's credentials: user:password (basic) or a token (bearer)
 * @param remoteBreakerOpen how long the remote is not asked after it failed (3 errors in a row, or one timeout)
 * @param rehearse a fresh daemon that no compile reached yet rehearses a small build (cc and ar from
 *     its PATH, in a scratch store under tmp/) so that its first build runs compiled code
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
        @DefaultValue("true") boolean nativeStat,
        @DefaultValue("") String remote,
        @DefaultValue("false") boolean remoteReadOnly,
        @DefaultValue("150ms") Duration remoteReadTimeout,
        @DefaultValue("5s") Duration remoteWriteTimeout,
        @DefaultValue("30d") Duration remoteTtl,
        @DefaultValue("67108864") long remoteMaxValueBytes,
        @DefaultValue("1000") int remoteQueue,
        @DefaultValue("") String remoteAuthFile,
        @DefaultValue("30s") Duration remoteBreakerOpen,
        @DefaultValue("true") boolean rehearse) {

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
        remote = remote == null ? "" : remote.strip();
        remoteAuthFile = remoteAuthFile == null ? "" : remoteAuthFile.strip();
        require(remoteReadTimeout != null && remoteReadTimeout.toMillis() > 0, "zccache.remote-read-timeout must be > 0");
        require(remoteWriteTimeout != null && remoteWriteTimeout.toMillis() > 0,
                "zccache.remote-write-timeout must be > 0");
        require(remoteTtl != null && remoteTtl.toSeconds() >= 1, "zccache.remote-ttl must be >= 1s");
        require(remoteMaxValueBytes >= 1024, "zccache.remote-max-value-bytes must be >= 1024");
        require(remoteQueue >= 1, "zccache.remote-queue must be >= 1");
        require(remoteBreakerOpen != null && !remoteBreakerOpen.isNegative(), "zccache.remote-breaker-open must be >= 0");
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
