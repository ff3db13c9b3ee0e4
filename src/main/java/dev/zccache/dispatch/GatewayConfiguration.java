package dev.zccache.dispatch;

import dev.zccache.daemon.ZccacheProperties;
import dev.zccache.ipc.Client;
import dev.zccache.ipc.Frame;
import dev.zccache.ipc.UnixSocketListener;
import dev.zccache.protocol.ReplyEncoder;
import dev.zccache.protocol.ReplySink;
import dev.zccache.protocol.Request;
import dev.zccache.protocol.RequestDecoder;
import dev.zccache.protocol.ServerIdentity;
import dev.zccache.protocol.Wire;
import java.nio.file.Path;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.dsl.IntegrationFlow;
import org.springframework.integration.ip.tcp.TcpInboundGateway;
import org.springframework.integration.ip.tcp.connection.TcpNetServerConnectionFactory;

/**
 * The socket listener as a Spring Integration inbound gateway in front of the dispatcher: frames
 * from ipc are decoded here, handled, and the reply encoded. The gateway owns the connection
 * factory's lifecycle (it starts it once the context is up and stops it at close).
 */
@Configuration(proxyBeanMethods = false)
class GatewayConfiguration {

    @Bean(destroyMethod = "close")
    UnixSocketListener unixSocketListener(Path socketPath, ZccacheProperties properties, ServerIdentity identity) {
        return new UnixSocketListener(socketPath, properties.requestTimeout(), Wire.MAX_FRAME_BYTES,
                new WireErrorFrames(identity));
    }

    @Bean
    TcpInboundGateway launcherGateway(UnixSocketListener listener, BeanFactory beanFactory) {
        TcpNetServerConnectionFactory factory = listener.connectionFactory();
        factory.setBeanFactory(beanFactory);
        factory.afterPropertiesSet();
        TcpInboundGateway gateway = new TcpInboundGateway();
        gateway.setConnectionFactory(factory);
        return gateway;
    }

    @Bean
    IntegrationFlow launcherRequests(TcpInboundGateway launcherGateway, RequestDispatcher dispatcher) {
        return IntegrationFlow.from(launcherGateway)
                .handle(Frame.class, (frame, headers) -> serve(dispatcher, frame, headers.get(Client.HEADER, Client.class)))
                .get();
    }

    /** One frame in, one encoded reply out; streamed output goes to the client meanwhile. */
    static byte[] serve(RequestDispatcher dispatcher, Frame frame, Client client) {
        ReplySink sink = client == null ? ReplySink.DISCARD : new ClientReplySink(client);
        return ReplyEncoder.encode(dispatcher.handle(decode(frame), sink));
    }

    static Request decode(Frame frame) {
        if (frame instanceof Frame.Whole w) {
            return RequestDecoder.decode(w.body(), w.body().length);
        }
        Frame.Broken b = (Frame.Broken) frame;
        return new Request.Invalid(switch (b.problem()) {
            case TRUNCATED -> Wire.ERR_TRUNCATED;
            case TOO_LARGE -> Wire.ERR_TOO_LARGE;
            case EMPTY -> Wire.ERR_MALFORMED;
        }, b.message());
    }
}
