package dev.zccache.ipc;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One accepted client: its channel, the streams Spring Integration reads and writes, and the
 * {@link Client} handlers stream frames into.
 */
final class UnixConnection implements Client {

    private final SocketChannel channel;
    private final int id;
    private final ChannelInputStream in;
    private final ChannelOutputStream out;
    private final Executor watchers;
    private final ConnectionReaper registry;
    private final AtomicBoolean closed = new AtomicBoolean();

    UnixConnection(SocketChannel channel, int id, Executor watchers, ConnectionReaper registry) {
        this.channel = channel;
        this.id = id;
        this.watchers = watchers;
        this.registry = registry;
        this.in = new ChannelInputStream(this, channel);
        this.out = new ChannelOutputStream(this, channel);
        registry.add(this);
    }

    int id() {
        return id;
    }

    ChannelInputStream in() {
        return in;
    }

    ChannelOutputStream out() {
        return out;
    }

    SocketChannel channel() {
        return channel;
    }

    boolean isClosed() {
        return closed.get();
    }

    /** Writes a whole frame; frames from several threads never interleave. */
    @Override
    public void writeFrame(byte[] frame) throws IOException {
        synchronized (out) {
            out.write(frame, 0, frame.length);
        }
    }

    /**
     * The launcher sends nothing after its request, so a read that returns end-of-stream means
     * it went away (Ctrl-C on make). The read ends when the reply is sent and the connection
     * closed; by then the watch is closed and the callback is not run.
     */
    @Override
    public Watch watchDisconnect(Runnable onGone) {
        AtomicBoolean over = new AtomicBoolean();
        watchers.execute(() -> {
            ByteBuffer one = ByteBuffer.allocate(1);
            try {
                while (!over.get() && channel.read(one) >= 0) {
                    one.clear();
                }
            } catch (IOException closedOrReset) {
                // the client is gone, or we closed the connection ourselves after the reply
            }
            if (over.compareAndSet(false, true)) {
                onGone.run();
            }
        });
        return () -> over.set(true);
    }

    void close() {
        if (closed.compareAndSet(false, true)) {
            registry.remove(this);
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing left to release
            }
        }
    }
}
