package dev.zccache.admin;

import java.util.List;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;

/**
 * Makes Actuator's beans (endpoints, health and metrics registries, meter binders) lazy, so that
 * they are created by the first Actuator request (ActuatorHttpServer), not before the socket
 * answers: measured here they cost about 0.35 s of the daemon's start-up, and made at once after
 * it, 3 % of a fresh daemon's first warm build.
 *
 * <p>Spring Integration's Micrometer captor is removed: it would create the meter registry
 * eagerly (it looks for one at start) and then time every message send, while the daemon meters
 * its requests itself (zccache.requests).
 */
final class DeferActuator implements BeanDefinitionRegistryPostProcessor {

    static final String INTEGRATION_CAPTOR = "integrationMicrometerMetricsCaptor";

    static final List<String> DEFERRED_PACKAGES = List.of(
            "org.springframework.boot.actuate.",
            "org.springframework.boot.health.",
            "org.springframework.boot.micrometer.",
            "io.micrometer.",
            "io.prometheus.");

    @Override
    public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) throws BeansException {
        if (registry.containsBeanDefinition(INTEGRATION_CAPTOR)) {
            registry.removeBeanDefinition(INTEGRATION_CAPTOR);
        }
        for (String name : registry.getBeanDefinitionNames()) {
            BeanDefinition d = registry.getBeanDefinition(name);
            if (deferred(d.getBeanClassName()) && d.getRole() != BeanDefinition.ROLE_INFRASTRUCTURE) {
                d.setLazyInit(true);
            }
        }
    }

    static boolean deferred(String className) {
        if (className == null) {
            return false;
        }
        for (String p : DEFERRED_PACKAGES) {
            if (className.startsWith(p)) {
                return true;
            }
        }
        return false;
    }
}
