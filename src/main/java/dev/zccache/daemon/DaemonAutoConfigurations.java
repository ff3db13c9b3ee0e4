package dev.zccache.daemon;

import java.util.List;

/**
 * The auto-configurations the daemon excludes ({@code spring.autoconfigure.exclude}), by name:
 * Spring Shell (the shell is its own process), and Actuator's parts that watch what the daemon
 * does not have. DaemonAutoConfigurationsTest checks each is one Boot really registers, so a
 * rename in an upgrade fails the build instead of quietly costing start-up time.
 */
public final class DaemonAutoConfigurations {

    public static final List<String> EXCLUDED = List.of(
            "org.springframework.shell.core.autoconfigure.SpringShellAutoConfiguration",
            // no TLS certificates to watch
            "org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration",
            "org.springframework.boot.micrometer.metrics.autoconfigure.ssl.SslMetricsAutoConfiguration",
            // no @Scheduled tasks, no Spring task executors, no start-up timer worth a meter
            "org.springframework.boot.micrometer.observation.autoconfigure.ScheduledTasksObservationAutoConfiguration",
            "org.springframework.boot.micrometer.metrics.autoconfigure.task.TaskExecutorMetricsAutoConfiguration",
            "org.springframework.boot.micrometer.metrics.autoconfigure.startup.StartupTimeMetricsListenerAutoConfiguration",
            // no Kubernetes probes
            "org.springframework.boot.health.autoconfigure.actuate.endpoint.AvailabilityProbesAutoConfiguration",
            "org.springframework.boot.health.autoconfigure.application.AvailabilityHealthContributorAutoConfiguration");

    private DaemonAutoConfigurations() {
    }

    /** The value of spring.autoconfigure.exclude. */
    public static String property() {
        return String.join(",", EXCLUDED);
    }
}
