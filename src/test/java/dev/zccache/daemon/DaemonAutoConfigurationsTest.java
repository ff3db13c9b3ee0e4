package dev.zccache.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.annotation.ImportCandidates;

class DaemonAutoConfigurationsTest {

    /** What Boot (and Spring Shell) really register on this classpath. */
    private static List<String> registered() {
        List<String> out = new ArrayList<>();
        ImportCandidates.load(AutoConfiguration.class, DaemonAutoConfigurationsTest.class.getClassLoader())
                .forEach(out::add);
        return out;
    }

    @Test
    void everyExcludedNameIsAnAutoConfigurationBootRegisters() {
        assertThat(registered()).hasSizeGreaterThan(50).containsAll(DaemonAutoConfigurations.EXCLUDED);
    }

    @Test
    void theShellAndActuatorsWatchersOfAbsentThingsAreOutButActuatorAndIntegrationStay() {
        List<String> kept = new ArrayList<>(registered());
        kept.removeAll(DaemonAutoConfigurations.EXCLUDED);
        assertThat(kept).noneMatch(c -> c.startsWith("org.springframework.shell."))
                .anyMatch(c -> c.endsWith(".HealthEndpointAutoConfiguration"))
                .anyMatch(c -> c.endsWith(".IntegrationAutoConfiguration"))
                .anyMatch(c -> c.endsWith(".MetricsEndpointAutoConfiguration"));
    }
}
