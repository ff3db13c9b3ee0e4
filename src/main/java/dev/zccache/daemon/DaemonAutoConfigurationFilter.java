package dev.zccache.daemon;

import org.springframework.boot.autoconfigure.AutoConfigurationImportFilter;
import org.springframework.boot.autoconfigure.AutoConfigurationMetadata;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;

/**
 * Keeps each process's start-up to what it serves. In daemon mode ({@code zccache.mode=daemon})
 * the Spring Shell auto-configurations are not even evaluated (the shell is its own process),
 * nor Actuator's parts that watch what the daemon does not have;
 * in shell mode only Spring Shell's are: the shell talks to the daemon over its socket and needs
 * none of the daemon's stack.
 */
public final class DaemonAutoConfigurationFilter implements AutoConfigurationImportFilter, EnvironmentAware {

    private static final String[] SKIPPED_IN_DAEMON = {
        "org.springframework.shell.",
        // Actuator parts with nothing to watch in the daemon: no TLS, no @Scheduled tasks, no
        // Kubernetes probes, no Spring task executors
        "org.springframework.boot.autoconfigure.ssl.",
        "org.springframework.boot.health.autoconfigure.ssl.",
        "org.springframework.boot.micrometer.metrics.autoconfigure.ssl.",
        "org.springframework.boot.micrometer.observation.autoconfigure.ScheduledTasksObservation",
        "org.springframework.boot.micrometer.metrics.autoconfigure.task.",
        "org.springframework.boot.micrometer.metrics.autoconfigure.startup.",
        "org.springframework.boot.health.autoconfigure.actuate.endpoint.AvailabilityProbes",
        "org.springframework.boot.health.autoconfigure.application.AvailabilityHealth",
    };

    /** The shell process needs Spring Shell and the basics, nothing of the daemon's stack. */
    private static final String[] KEPT_IN_SHELL = {
        "org.springframework.shell.",
        "org.springframework.boot.autoconfigure.context.",
    };

    private String mode = "";

    @Override
    public void setEnvironment(Environment environment) {
        mode = environment.getProperty("zccache.mode", "");
    }

    @Override
    public boolean[] match(String[] candidates, AutoConfigurationMetadata metadata) {
        boolean[] keep = new boolean[candidates.length];
        for (int i = 0; i < candidates.length; i++) {
            String c = candidates[i];
            keep[i] = switch (mode) {
                case "daemon" -> c == null || !skipped(c);
                case "shell" -> c == null || keptInShell(c);
                default -> true;
            };
        }
        return keep;
    }

    static boolean keptInShell(String autoConfiguration) {
        for (String prefix : KEPT_IN_SHELL) {
            if (autoConfiguration.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    static boolean skipped(String autoConfiguration) {
        for (String prefix : SKIPPED_IN_DAEMON) {
            if (autoConfiguration.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
