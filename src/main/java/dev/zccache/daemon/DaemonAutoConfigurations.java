package dev.zccache.daemon;

import java.util.List;

/**
 * The auto-configurations the daemon excludes ({@code spring.autoconfigure.exclude}), by name:
 * Spring Shell (the shell is its own process), Actuator's parts that watch what the daemon does
 * not have, and what only costs start-up time here. DaemonAutoConfigurationsTest checks each is
 * one Boot really registers, so a rename in an upgrade fails the build instead of quietly costing
 * start-up time.
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
            "org.springframework.boot.health.autoconfigure.application.AvailabilityHealthContributorAutoConfiguration",
            // no repositories, transactions or aspects: their post-processors looked at every bean
            "org.springframework.boot.persistence.autoconfigure.PersistenceExceptionTranslationAutoConfiguration",
            "org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration",
            "org.springframework.boot.transaction.autoconfigure.TransactionManagerCustomizationAutoConfiguration",
            "org.springframework.boot.autoconfigure.aop.AopAutoConfiguration",
            // no build-info or git.properties to show; the daemon's own InfoContributor says what it is
            "org.springframework.boot.autoconfigure.info.ProjectInfoAutoConfiguration",
            // the daemon's threads are its own (no @Async, no background bean initialisation)
            "org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration");

    private DaemonAutoConfigurations() {
    }

    /** The value of spring.autoconfigure.exclude. */
    public static String property() {
        return String.join(",", EXCLUDED);
    }
}
