package dev.zccache.dispatch;

import dev.zccache.protocol.Inbound;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.dsl.IntegrationFlow;
import org.springframework.integration.ip.dsl.Tcp;
import org.springframework.integration.ip.tcp.connection.TcpNetServerConnectionFactory;

/** The socket listener as a Spring Integration inbound gateway in front of the dispatcher. */
@Configuration(proxyBeanMethods = false)
class GatewayConfiguration {

    @Bean
    IntegrationFlow launcherRequests(TcpNetServerConnectionFactory unixSocketConnectionFactory,
            RequestDispatcher dispatcher) {
        return IntegrationFlow.from(Tcp.inboundGateway(unixSocketConnectionFactory))
                .handle(Inbound.class, (inbound, headers) -> dispatcher.handle(inbound.request(), inbound.sink()))
                .get();
    }
}
