package dev.zccache.stats;

import dev.zccache.daemon.ZccacheProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/** The counters (saved in stats.json) and the request meters Actuator shows. */
@Configuration(proxyBeanMethods = false)
class StatsConfiguration {

    @Bean(destroyMethod = "close")
    CompileStats compileStats(ZccacheProperties properties, JsonMapper json) {
        return new CompileStats(properties.cacheDir().resolve("stats.json"), json);
    }

    @Bean
    RequestMeters requestMeters() {
        return new RequestMeters();
    }
}
