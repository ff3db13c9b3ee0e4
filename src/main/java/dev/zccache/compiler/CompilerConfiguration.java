package dev.zccache.compiler;

import dev.zccache.daemon.ZccacheProperties;
import dev.zccache.hash.FileStateCache;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Tool identities and the registry of families (each family is a bean of its own package). */
@Configuration(proxyBeanMethods = false)
class CompilerConfiguration {

    @Bean
    CompilerIdentities compilerIdentities(FileStateCache files, ZccacheProperties properties) {
        return new CompilerIdentities(files, properties.cacheDir().resolve("tool-answers"));
    }

    @Bean
    ToolFamilies toolFamilies(List<ToolFamily> families) {
        return new ToolFamilies(families);
    }
}
