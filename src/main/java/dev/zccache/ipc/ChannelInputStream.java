package dev.zccache.ipc;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * A buffered stream over {@code SocketChannel.read}. Not {@code Channels.newInputStream}: on
 * JDK 17 that stream blocks writes on the same channel while a read is pending. It also records
 * since when a read has been waiting, so that {@link ConnectionReaper} can end idle clients.
 */
final class ChannelInputStream extends InputStream {

    private final UnixConnection connection;
    private final SocketChannel channel;
    /** A compile request is 1–3 KiB; larger ones take a few reads. Allocated (and zeroed) per connection. */
    private final ByteBuffer buffer = ByteBuffer.allocate(UnixSocket.BUFFER_SIZE).flip();
    private volatile long waitingSinceNanos;

    ChannelInputStream(UnixConnection connection, SocketChannel channel) {
        this.connection = connection;
        this.channel = channel;
    }

    UnixConnection connection() {
        return connection;
    }

    /** When the current blocked read started (System.nanoTime), or 0 when not reading. */
    long waitingSinceNanos() {
        return waitingSinceNanos;
    }

    @Override
    public int read() throws IOException {
        if (!fill()) {
            return -1;
        }
        return buffer.get() & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (!fill()) {
            return -1;
        }
        int n = Math.min(len, buffer.remaining());
        buffer.get(b, off, n);
        return n;
    }

    @Override
    public int available() {
        return buffer.remaining();
    }

    private boolean fill() throws IOException {
        if (buffer.hasRemaining()) {
            return true;
        }
        if (connection.isClosed()) {
            // closed by us after the reply: the end, without the channel's ClosedChannelException
            return false;
        }
        buffer.clear();
        waitingSinceNanos = Math.max(1, System.nanoTime());
        try {
            int n;
            do {
                n = channel.read(buffer);
            } while (n == 0);
            buffer.flip();
            return n > 0;
        } finally {
            waitingSinceNanos = 0;
        }
    }

    @Override
    public void close() throws IOException {
        connection.close();
    }
}
