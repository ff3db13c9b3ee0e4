package dev.zccache;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ZccacheApplicationTest {

    @Test
    void jdksUpTo25LaunchCompilersByVforkLaterOnesKeepTheirDefault() {
        assertThat(ZccacheApplication.fastLaunchMechanism(17, null)).contains("VFORK");
        assertThat(ZccacheApplication.fastLaunchMechanism(21, null)).contains("VFORK");
        assertThat(ZccacheApplication.fastLaunchMechanism(25, null)).contains("VFORK");
        assertThat(ZccacheApplication.fastLaunchMechanism(26, null)).isEmpty();
    }

    @Test
    void aMechanismTheUserSetIsKept() {
        assertThat(ZccacheApplication.fastLaunchMechanism(25, "POSIX_SPAWN")).isEmpty();
    }
}
