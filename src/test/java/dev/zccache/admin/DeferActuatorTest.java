package dev.zccache.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zccache.stats.CompileOutcome;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.beans.factory.support.RootBeanDefinition;

class DeferActuatorTest {

    @Test
    void actuatorBeansBecomeLazyAndTheIntegrationCaptorGoes() {
        DefaultListableBeanFactory f = new DefaultListableBeanFactory();
        f.registerBeanDefinition("registry", new RootBeanDefinition(SimpleMeterRegistry.class));
        f.registerBeanDefinition("health", new RootBeanDefinition(
                org.springframework.boot.health.actuate.endpoint.HealthEndpoint.class));
        f.registerBeanDefinition("mine", new RootBeanDefinition(StoreService.class));
        f.registerBeanDefinition(DeferActuator.INTEGRATION_CAPTOR, new RootBeanDefinition(Object.class));
        new DeferActuator().postProcessBeanDefinitionRegistry(f);
        assertThat(f.getBeanDefinition("registry").isLazyInit()).isTrue();
        assertThat(f.getBeanDefinition("health").isLazyInit()).isTrue();
        assertThat(f.getBeanDefinition("mine").isLazyInit()).isFalse();
        assertThat(f.containsBeanDefinition(DeferActuator.INTEGRATION_CAPTOR)).isFalse();
    }

    @Test
    void requestsCountedBeforeTheRegistryExistsAreShownOnceItDoes() {
        RequestMeters meters = new RequestMeters();
        meters.record(CompileOutcome.Kind.HIT, 2_000_000);
        meters.record(CompileOutcome.Kind.HIT, 1_000_000);
        meters.record(CompileOutcome.Kind.MISS, 9_000_000);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        meters.bindTo(registry);
        assertThat(registry.get("zccache.requests").tag("outcome", "hit").functionCounter().count()).isEqualTo(2);
        FunctionTimer hits = registry.get("zccache.request.latency").tag("outcome", "hit").functionTimer();
        assertThat(hits.count()).isEqualTo(2);
        assertThat(hits.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(3.0);
        assertThat(registry.get("zccache.requests").tag("outcome", "miss").functionCounter().count()).isEqualTo(1);
    }
}
