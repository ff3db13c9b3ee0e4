package dev.zccache.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

class DaemonAutoConfigurationFilterTest {

    private static final String[] CANDIDATES = {
        "org.springframework.boot.actuate.autoconfigure.health.HealthEndpointAutoConfiguration",
        "org.springframework.shell.core.autoconfigure.SpringShellAutoConfiguration",
        "org.springframework.boot.integration.autoconfigure.IntegrationAutoConfiguration",
        null,
    };

    @Test
    void daemonModeSkipsShellButKeepsActuatorAndIntegration() {
        DaemonAutoConfigurationFilter filter = new DaemonAutoConfigurationFilter();
        filter.setEnvironment(new MockEnvironment().withProperty("zccache.mode", "daemon"));
        assertThat(filter.match(CANDIDATES, null)).containsExactly(true, false, true, true);
    }

    @Test
    void shellModeKeepsOnlyTheShell() {
        DaemonAutoConfigurationFilter filter = new DaemonAutoConfigurationFilter();
        filter.setEnvironment(new MockEnvironment().withProperty("zccache.mode", "shell"));
        assertThat(filter.match(CANDIDATES, null)).containsExactly(false, true, false, true);
    }

    @Test
    void otherModesKeepEverything() {
        DaemonAutoConfigurationFilter filter = new DaemonAutoConfigurationFilter();
        filter.setEnvironment(new MockEnvironment());
        assertThat(filter.match(CANDIDATES, null)).containsExactly(true, true, true, true);
    }
}
