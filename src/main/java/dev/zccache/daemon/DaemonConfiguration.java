package dev.zccache.daemon;

import dev.zccache.ipc.UnixSocketListener;
import dev.zccache.protocol.ServerIdentity;
import java.nio.file.Path;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The daemon's own beans: identity, socket path, lifecycle. */
@Configuration(proxyBeanMethods = false)
class DaemonConfiguration {

    @Bean
    ServerIdentity serverIdentity(ZccacheProperties properties) {
        return new ServerIdentity(ProcessHandle.current().pid(), BuildVersion.load(properties.buildVersion()));
    }

    @Bean
    Path socketPath(ZccacheProperties properties) {
        return DaemonPaths.prepareSocketPath(properties.cacheDir());
    }

    @Bean
    DaemonLifecycle daemonLifecycle(UnixSocketListener listener, ConfigurableApplicationContext context,
            ZccacheProperties properties) {
        return new DaemonLifecycle(listener, context, properties);
    }
}
