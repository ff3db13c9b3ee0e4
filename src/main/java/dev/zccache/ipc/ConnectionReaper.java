package dev.zccache.ipc;

import dev.zccache.protocol.Reply;
import dev.zccache.protocol.ReplyEncoder;
import dev.zccache.protocol.ServerIdentity;
import dev.zccache.protocol.Wire;
import java.io.IOException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends connections whose request has not arrived in time. Blocking UNIX channels have no read
 * timeout, so a client that connects and stalls would otherwise hold a thread forever.
 */
final class ConnectionReaper {

    private static final Logger log = LoggerFactory.getLogger(ConnectionReaper.class);

    private final Set<UnixConnection> open = ConcurrentHashMap.newKeySet();
    private final long timeoutNanos;
    private final ServerIdentity identity;

    ConnectionReaper(Duration timeout, ServerIdentity identity) {
        this.timeoutNanos = timeout.toNanos();
        this.identity = identity;
    }

    void add(UnixConnection c) {
        open.add(c);
    }

    void remove(UnixConnection c) {
        open.remove(c);
    }

    int openConnections() {
        return open.size();
    }

    /** Called periodically: answers and closes every connection stuck reading too long. */
    void reap() {
        long now = System.nanoTime();
        for (UnixConnection c : open) {
            long since = c.in().waitingSinceNanos();
            if (since != 0 && now - since > timeoutNanos) {
                log.warn("closing connection {}: no complete request within {} ms", c.id(), timeoutNanos / 1_000_000);
                try {
                    c.writeFrame(ReplyEncoder.encode(new Reply.Error(Wire.ERR_TIMEOUT, identity.pid(),
                            identity.version(), "no complete request within " + timeoutNanos / 1_000_000 + " ms")));
                } catch (IOException ignored) {
                    // the client may be gone already
                }
                c.close();
            }
        }
    }

    void closeAll() {
        open.forEach(UnixConnection::close);
    }
}
