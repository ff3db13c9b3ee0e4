package dev.zccache.daemon;

import dev.zccache.ipc.UnixSocketListener;
import dev.zccache.protocol.ServerIdentity;
import java.nio.file.Path;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.integration.ip.tcp.connection.TcpNetServerConnectionFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The daemon's own beans: identity, socket listener, lifecycle. */
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

    @Bean(destroyMethod = "close")
    UnixSocketListener unixSocketListener(Path socketPath, ZccacheProperties properties, ServerIdentity identity) {
        return new UnixSocketListener(socketPath, properties.requestTimeout(), identity);
    }

    /** A bean of its own so that Spring initialises it (bean factory, task scheduler, events). */
    @Bean
    TcpNetServerConnectionFactory unixSocketConnectionFactory(UnixSocketListener listener) {
        return listener.connectionFactory();
    }

    @Bean
    DaemonLifecycle daemonLifecycle(UnixSocketListener listener, ConfigurableApplicationContext context,
            ZccacheProperties properties) {
        return new DaemonLifecycle(listener, context, properties);
    }
}
