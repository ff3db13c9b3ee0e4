package dev.zccache.ipc;

import java.nio.channels.Channel;
import java.util.Map;
import java.util.function.Function;
import org.springframework.integration.ip.tcp.connection.TcpConnection;
import org.springframework.integration.ip.tcp.connection.TcpMessageMapper;

/**
 * Carries the connection's {@link Client} in the inbound message as the header
 * {@link Client#HEADER}, so that a handler can stream output to it (Spring Integration's own
 * way to add connection state to a message).
 */
final class ClientHeaderMapper extends TcpMessageMapper {

    private final Function<Channel, Client> clients;

    /** @param clients the client of an accepted channel ({@link UnixSocket#getChannel()}) */
    ClientHeaderMapper(Function<Channel, Client> clients) {
        this.clients = clients;
    }

    @Override
    protected Map<String, ?> supplyCustomHeaders(TcpConnection connection) {
        Client c = clients.apply(connection.getSocketInfo().getChannel());
        return c == null ? Map.of() : Map.of(Client.HEADER, c);
    }
}
