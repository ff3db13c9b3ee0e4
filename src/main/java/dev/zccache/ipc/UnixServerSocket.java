package dev.zccache.ipc;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link java.net.ServerSocket} facade over a UNIX-domain {@code ServerSocketChannel}, for
 * Spring Integration's {@code TcpNetServerConnectionFactory}. It binds an owner-only socket and
 * refuses every peer whose uid is not the daemon's (SO_PEERCRED) before Spring sees it.
 *
 * <p>While the socket's directory is the daemon user's and closed to everyone else (0700, as the
 * daemon and the launcher make it), no other user can reach the socket, and asking SO_PEERCRED
 * would only cost a passwd and group lookup per compile (the JDK resolves the peer's uid to a
 * name: 12 system calls, a sixth of a hit's). So the peer is checked whenever that directory
 * has been opened up, which one stat per connection tells.
 */
final class UnixServerSocket extends ServerSocket {

    private static final Logger log = LoggerFactory.getLogger(UnixServerSocket.class);

    private final ServerSocketChannel server;
    private final Path path;
    private final UserPrincipal owner;
    private final int ownerUid;
    private final Executor watchers;
    private final ConnectionReaper reaper;
    private final ErrorFrames errors;
    private final AtomicInteger serial = new AtomicInteger();
    private volatile boolean closed;
    private int soTimeout;

    UnixServerSocket(Path path, int backlog, Executor watchers, ConnectionReaper reaper, ErrorFrames errors)
            throws IOException {
        this.path = path;
        this.watchers = watchers;
        this.reaper = reaper;
        this.errors = errors;
        // /proc/self belongs to this process's effective uid.
        this.owner = Files.getOwner(Path.of("/proc/self"));
        this.ownerUid = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        // Only the holder of daemon.lock binds, so a socket file here is a dead daemon's.
        Files.deleteIfExists(path);
        this.server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            server.bind(UnixDomainSocketAddress.of(path), Math.max(backlog, 128));
            // Java cannot set a umask: the directory is 0700 already, this narrows the file too.
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException e) {
            server.close();
            throw e;
        }
    }

    @Override
    public Socket accept() throws IOException {
        while (true) {
            SocketChannel channel;
            try {
                channel = server.accept();
            } catch (ClosedChannelException e) {
                // Spring Integration treats a SocketException as an orderly close.
                throw new SocketException("server socket closed");
            }
            if (directoryIsPrivate()) {
                return new UnixSocket(new UnixConnection(channel, serial.incrementAndGet(), watchers, reaper));
            }
            UserPrincipal peer = peerUser(channel);
            if (owner.equals(peer)) {
                return new UnixSocket(new UnixConnection(channel, serial.incrementAndGet(), watchers, reaper));
            }
            refuse(channel, peer);
        }
    }

    /** The socket's directory is ours and has no group or other permission bits. */
    private boolean directoryIsPrivate() {
        try {
            java.util.Map<String, Object> a = Files.readAttributes(path.getParent(), "unix:uid,mode");
            return (Integer) a.get("uid") == ownerUid && ((Integer) a.get("mode") & 077) == 0;
        } catch (IOException e) {
            return false;
        }
    }

    private static UserPrincipal peerUser(SocketChannel channel) {
        try {
            UnixDomainPrincipal principal = channel.getOption(ExtendedSocketOptions.SO_PEERCRED);
            return principal.user();
        } catch (IOException | UnsupportedOperationException e) {
            return null;
        }
    }

    private void refuse(SocketChannel channel, UserPrincipal peer) {
        log.warn("refused a connection from user {}: only {} may use this daemon", peer == null ? "?" : peer.getName(),
                owner.getName());
        try (channel) {
            byte[] frame = errors.peerRefused("connection refused: the daemon serves only user " + owner.getName());
            channel.write(ByteBuffer.wrap(frame));
        } catch (IOException ignored) {
            // the peer may be gone; it is refused either way
        }
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            server.close();
        } finally {
            Files.deleteIfExists(path);
            super.close();
        }
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public boolean isBound() {
        return true;
    }

    @Override
    public int getLocalPort() {
        return 0;
    }

    @Override
    public InetAddress getInetAddress() {
        return InetAddress.getLoopbackAddress();
    }

    @Override
    public SocketAddress getLocalSocketAddress() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    }

    @Override
    public synchronized void setSoTimeout(int timeout) {
        this.soTimeout = timeout;
    }

    @Override
    public synchronized int getSoTimeout() {
        return soTimeout;
    }

    @Override
    public void setReuseAddress(boolean on) {
    }

    @Override
    public synchronized void setReceiveBufferSize(int size) {
    }

    @Override
    public String toString() {
        return "UnixServerSocket[" + path + "]";
    }
}
