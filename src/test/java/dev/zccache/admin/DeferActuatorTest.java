package dev.zccache.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
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

    /** Beans a daemon context defines, one per deferred package: a package renamed by an upgrade fails here. */
    @Test
    void everyDeferredPackageHoldsBeansOfTheRealActuator() {
        List<Class<?>> beans = List.of(org.springframework.boot.actuate.info.InfoEndpoint.class,
                org.springframework.boot.health.actuate.endpoint.HealthEndpoint.class,
                org.springframework.boot.micrometer.metrics.actuate.endpoint.MetricsEndpoint.class,
                io.micrometer.core.instrument.MeterRegistry.class,
                io.prometheus.metrics.model.registry.PrometheusRegistry.class);
        for (String prefix : DeferActuator.DEFERRED_PACKAGES) {
            assertThat(beans).as(prefix).anyMatch(c -> c.getName().startsWith(prefix));
        }
        assertThat(beans).allMatch(c -> DeferActuator.deferred(c.getName()));
    }
}
