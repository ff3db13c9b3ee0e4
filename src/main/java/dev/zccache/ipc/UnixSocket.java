package dev.zccache.ipc;

import java.io.InputStream;
import java.io.OutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketImpl;

/**
 * A {@link java.net.Socket} facade over a UNIX-domain {@code SocketChannel}, so that Spring
 * Integration's {@code TcpNetConnection} can run over it. TCP options are accepted and ignored;
 * the "port" is the connection's serial number, which makes connection ids unique.
 */
final class UnixSocket extends Socket {

    /**
     * What the buffer-size getters report, and so the size of the buffer Spring Integration
     * allocates for each connection's replies. Those are a few bytes (output chunks go around it,
     * straight to the channel); 64 KiB here cost a 64 KiB array zeroed per request.
     */
    static final int BUFFER_SIZE = 8 * 1024;


    private final UnixConnection connection;
    private int soTimeout;

    UnixSocket(UnixConnection connection) throws IOException {
        super((SocketImpl) null);
        this.connection = connection;
    }

    /** The accepted channel: what {@link ClientHeaderMapper} finds the connection's {@link Client} by. */
    @Override
    public java.nio.channels.SocketChannel getChannel() {
        return connection.channel();
    }

    @Override
    public InputStream getInputStream() {
        return connection.in();
    }

    @Override
    public OutputStream getOutputStream() {
        return connection.out();
    }

    @Override
    public synchronized void close() {
        connection.close();
    }

    @Override
    public boolean isClosed() {
        return connection.isClosed();
    }

    @Override
    public boolean isConnected() {
        return true;
    }

    @Override
    public boolean isBound() {
        return true;
    }

    @Override
    public void shutdownInput() throws IOException {
        connection.channel().shutdownInput();
    }

    @Override
    public void shutdownOutput() throws IOException {
        connection.channel().shutdownOutput();
    }

    @Override
    public InetAddress getInetAddress() {
        return InetAddress.getLoopbackAddress();
    }

    @Override
    public InetAddress getLocalAddress() {
        return InetAddress.getLoopbackAddress();
    }

    @Override
    public int getPort() {
        return connection.id();
    }

    @Override
    public int getLocalPort() {
        return 0;
    }

    @Override
    public SocketAddress getRemoteSocketAddress() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), connection.id());
    }

    @Override
    public SocketAddress getLocalSocketAddress() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    }

    // Read timeouts are enforced by ConnectionReaper; the other TCP options mean nothing here.

    @Override
    public synchronized void setSoTimeout(int timeout) {
        this.soTimeout = timeout;
    }

    @Override
    public synchronized int getSoTimeout() {
        return soTimeout;
    }

    @Override
    public void setTcpNoDelay(boolean on) {
    }

    @Override
    public boolean getTcpNoDelay() {
        return true;
    }

    @Override
    public void setKeepAlive(boolean on) {
    }

    @Override
    public boolean getKeepAlive() {
        return false;
    }

    @Override
    public void setSoLinger(boolean on, int linger) {
    }

    @Override
    public int getSoLinger() {
        return -1;
    }

    @Override
    public synchronized void setSendBufferSize(int size) {
    }

    @Override
    public synchronized void setReceiveBufferSize(int size) {
    }

    /**
     * Asked by Spring Integration on every send (to size its buffer). Not overriding it makes
     * java.net.Socket create a real TCP socket behind the facade each time: a socket(2),
     * fcntl, setsockopt and close per reply, measured in profiles of the hit path.
     */
    @Override
    public synchronized int getSendBufferSize() {
        return BUFFER_SIZE;
    }

    @Override
    public synchronized int getReceiveBufferSize() {
        return BUFFER_SIZE;
    }

    @Override
    public boolean getReuseAddress() {
        return false;
    }

    @Override
    public boolean getOOBInline() {
        return false;
    }

    @Override
    public int getTrafficClass() {
        return 0;
    }

    @Override
    public void setTrafficClass(int tc) {
    }

    @Override
    public void setReuseAddress(boolean on) {
    }

    @Override
    public void setOOBInline(boolean on) {
    }

    @Override
    public String toString() {
        return "UnixSocket[connection=" + connection.id() + "]";
    }
}
