package dev.zccache.ipc;

import java.io.IOException;
import java.time.Duration;
import java.nio.channels.Channel;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends connections whose request has not arrived in time. Blocking UNIX channels have no read
 * timeout, so a client that connects and stalls would otherwise hold a thread forever.
 */
final class ConnectionReaper {

    private static final Logger log = LoggerFactory.getLogger(ConnectionReaper.class);

    private final Map<Channel, UnixConnection> open = new ConcurrentHashMap<>();
    private final long timeoutNanos;
    private final ErrorFrames errors;

    ConnectionReaper(Duration timeout, ErrorFrames errors) {
        this.timeoutNanos = timeout.toNanos();
        this.errors = errors;
    }

    void add(UnixConnection c) {
        open.put(c.channel(), c);
    }

    void remove(UnixConnection c) {
        open.remove(c.channel(), c);
    }

    /** The open connection of an accepted channel, or null. */
    UnixConnection connection(Channel channel) {
        return open.get(channel);
    }

    int openConnections() {
        return open.size();
    }

    /** Called periodically: answers and closes every connection stuck reading too long. */
    void reap() {
        long now = System.nanoTime();
        for (UnixConnection c : open.values()) {
            long since = c.in().waitingSinceNanos();
            if (since != 0 && now - since > timeoutNanos) {
                log.warn("closing connection {}: no complete request within {} ms", c.id(), timeoutNanos / 1_000_000);
                try {
                    c.writeFrame(errors.requestTimedOut("no complete request within " + timeoutNanos / 1_000_000
                            + " ms"));
                } catch (IOException ignored) {
                    // the client may be gone already
                }
                c.close();
            }
        }
    }

    void closeAll() {
        open.values().forEach(UnixConnection::close);
    }
}
