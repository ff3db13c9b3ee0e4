package dev.zccache.admin;

import dev.zccache.daemon.DaemonLifecycle;
import dev.zccache.daemon.ZccacheProperties;
import dev.zccache.ipc.UnixSocketListener;
import dev.zccache.protocol.ServerIdentity;
import dev.zccache.protocol.Wire;
import dev.zccache.store.LocalStore;
import dev.zccache.store.remote.RemoteTier;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.config.MeterFilter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What the daemon adds to Actuator: health of the socket listener and of the store, info about
 * this daemon, requests and the store's size as meters (free disk is Actuator's own diskSpace
 * indicator on the cache dir). Actuator's beans are created after the socket answers.
 */
@Configuration(proxyBeanMethods = false)
class ActuatorConfiguration {

    @Bean
    static DeferActuator deferActuator() {
        return new DeferActuator();
    }

    /** Up while the socket accepts compiles; down once the daemon is stopping. */
    @Bean
    HealthIndicator socketListenerHealthIndicator(UnixSocketListener listener, DaemonLifecycle lifecycle,
            Path socketPath) {
        return () -> {
            boolean listening = listener.connectionFactory().isListening() && !lifecycle.isStopping();
            return (listening ? Health.up() : Health.down())
                    .withDetail("socket", socketPath.toString())
                    .withDetail("open_connections", listener.openConnections())
                    .withDetail("in_flight", lifecycle.inFlight())
                    .build();
        };
    }

    /**
     * Up when the store takes a new file, the last entry it tried to write was written (a full
     * disk takes an empty probe file, not an object), and it holds no more than its budget.
     */
    @Bean
    HealthIndicator storeHealthIndicator(LocalStore store) {
        return () -> {
            long size = store.sizeBytes();
            long budget = store.budgetBytes();
            Health.Builder h = Health.up();
            try {
                Path probe = Files.createTempFile(store.tmp(), "health-", ".probe");
                Files.delete(probe);
            } catch (IOException | RuntimeException e) {
                h = Health.down().withDetail("error", "store not writable: " + e.getMessage());
            }
            java.util.Optional<String> failing = store.writeFailure();
            if (failing.isPresent()) {
                h = Health.down().withDetail("error", "the last entry could not be stored, " + failing.get());
            }
            if (size > budget) {
                h = Health.down().withDetail("error", "store above its budget");
            }
            return h.withDetail("entries", store.entries())
                    .withDetail("size_bytes", size)
                    .withDetail("budget_bytes", budget)
                    .build();
        };
    }

    @Bean
    InfoContributor zccacheInfoContributor(ServerIdentity identity, ZccacheProperties properties, Path socketPath) {
        return builder -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("version", identity.version());
            m.put("protocol", Wire.PROTOCOL_VERSION);
            m.put("pid", identity.pid());
            m.put("cache_dir", properties.cacheDir().toString());
            m.put("socket", socketPath.toString());
            builder.withDetail("zccache", m);
        };
    }

    /**
     * Spring Integration meters every message send once a MeterRegistry exists; the daemon's
     * requests are metered as zccache.requests, so those per-send timers only cost time.
     */
    @Bean
    MeterFilter noIntegrationMeters() {
        return MeterFilter.denyNameStartsWith("spring.integration.");
    }

    /**
     * The remote tier: UP while it answers, DOWN when its last request failed, OUT_OF_SERVICE while
     * its breaker is open (nothing is asked). The daemon's own status ignores it
     * (ActuatorHttpServer): a build never needs the remote.
     */
    @Bean
    HealthIndicator remoteHealthIndicator(RemoteTier remote) {
        return () -> {
            if (!remote.enabled()) {
                return Health.unknown().withDetail("remote", "none configured (zccache.remote)").build();
            }
            Health.Builder h = Health.status(remote.status()).withDetail("url", remote.describe())
                    .withDetail("read_only", remote.readOnly())
                    .withDetail("connected", remote.connected())
                    .withDetail("breaker_openings", remote.breakerOpenings())
                    .withDetail("queued_writes", remote.queued());
            remote.counters().snapshot().forEach(h::withDetail);
            return h.build();
        };
    }

    @Bean
    MeterBinder remoteMeters(RemoteTier remote) {
        return registry -> {
            if (!remote.enabled()) {
                return;
            }
            for (String name : remote.counters().snapshot().keySet()) {
                io.micrometer.core.instrument.FunctionCounter.builder("zccache.remote." + name.replace('_', '.'),
                        remote, r -> r.counters().snapshot().get(name)).register(registry);
            }
            Gauge.builder("zccache.remote.queued", remote, RemoteTier::queued)
                    .description("entries waiting to be written to the remote").register(registry);
        };
    }

    @Bean
    MeterBinder storeMeters(LocalStore store) {
        return registry -> bindStore(registry, store);
    }

    static void bindStore(MeterRegistry registry, LocalStore store) {
        Gauge.builder("zccache.store.entries", store, LocalStore::entries)
                .description("cached compile results in the store").register(registry);
        Gauge.builder("zccache.store.bytes", store, LocalStore::sizeBytes).baseUnit("bytes")
                .description("bytes the store takes").register(registry);
        Gauge.builder("zccache.store.budget", store, LocalStore::budgetBytes).baseUnit("bytes")
                .description("the store's size budget").register(registry);
    }
}
