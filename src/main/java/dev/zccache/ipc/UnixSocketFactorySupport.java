package dev.zccache.ipc;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.concurrent.Executor;
import javax.net.ServerSocketFactory;
import javax.net.SocketFactory;
import org.springframework.integration.ip.tcp.connection.TcpSocketFactorySupport;

/**
 * Plugs UNIX-domain sockets into Spring Integration IP, which has none: its server socket
 * factory ignores the port and binds {@code path} instead. Server side only.
 */
final class UnixSocketFactorySupport implements TcpSocketFactorySupport {

    private final Path path;
    private final Executor watchers;
    private final ConnectionReaper reaper;
    private final ErrorFrames errors;
    private volatile UnixServerSocket current;

    UnixSocketFactorySupport(Path path, Executor watchers, ConnectionReaper reaper, ErrorFrames errors) {
        this.path = path;
        this.watchers = watchers;
        this.reaper = reaper;
        this.errors = errors;
    }

    @Override
    public ServerSocketFactory getServerSocketFactory() {
        return new ServerSocketFactory() {
            @Override
            public ServerSocket createServerSocket() throws IOException {
                return createServerSocket(0, 128);
            }

            @Override
            public ServerSocket createServerSocket(int port) throws IOException {
                return createServerSocket(port, 128);
            }

            @Override
            public ServerSocket createServerSocket(int port, int backlog) throws IOException {
                UnixServerSocket socket = new UnixServerSocket(path, backlog, watchers, reaper, errors);
                current = socket;
                return socket;
            }

            @Override
            public ServerSocket createServerSocket(int port, int backlog, InetAddress ifAddress) throws IOException {
                return createServerSocket(port, backlog);
            }
        };
    }

    /** Closes the listening socket (and removes its file) without touching open connections. */
    void closeServerSocket() throws IOException {
        UnixServerSocket socket = current;
        if (socket != null) {
            socket.close();
        }
    }

    @Override
    public SocketFactory getSocketFactory() {
        throw new UnsupportedOperationException("the zccache daemon only serves; the launcher is the client");
    }
}
