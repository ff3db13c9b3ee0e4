package dev.zccache.ipc;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/** An unbuffered stream over {@code SocketChannel.write}; every call writes all its bytes. */
final class ChannelOutputStream extends OutputStream {

    private final UnixConnection connection;
    private final SocketChannel channel;

    ChannelOutputStream(UnixConnection connection, SocketChannel channel) {
        this.connection = connection;
        this.channel = channel;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(b, off, len);
        while (buf.hasRemaining()) {
            channel.write(buf);
        }
    }

    @Override
    public void close() throws IOException {
        connection.close();
    }
}
