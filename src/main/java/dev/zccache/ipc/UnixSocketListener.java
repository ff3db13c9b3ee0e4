package dev.zccache.ipc;

import dev.zccache.protocol.ServerIdentity;
import dev.zccache.protocol.Wire;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.integration.ip.tcp.connection.TcpNetServerConnectionFactory;

/**
 * The daemon's socket: a stock {@link TcpNetServerConnectionFactory} made to listen on an
 * owner-only UNIX socket, one request per connection, with launcher framing. Feed it to a
 * {@code TcpInboundGateway}; it also owns the threads that watch for vanished clients and
 * reap stalled ones.
 */
public final class UnixSocketListener implements AutoCloseable {

    private final TcpNetServerConnectionFactory factory;
    private final ExecutorService watchers;
    private final ScheduledExecutorService reaperThread;
    private final ConnectionReaper reaper;
    private final UnixSocketFactorySupport sockets;

    public UnixSocketListener(Path socket, Duration requestTimeout, ServerIdentity identity) {
        this.watchers = Executors.newCachedThreadPool(daemonThreads("zccache-watch-"));
        this.reaper = new ConnectionReaper(requestTimeout, identity);
        this.reaperThread = Executors.newSingleThreadScheduledExecutor(daemonThreads("zccache-reaper-"));
        long period = Math.max(50, Math.min(1000, requestTimeout.toMillis() / 4));
        reaperThread.scheduleWithFixedDelay(reaper::reap, period, period, TimeUnit.MILLISECONDS);

        FrameCodec codec = new FrameCodec(Wire.MAX_FRAME_BYTES);
        this.factory = new QuietConnectionFactory();
        // the factory is not a bean of its own, so nobody else calls this
        factory.setApplicationEventPublisher(null);
        this.sockets = new UnixSocketFactorySupport(socket, watchers, reaper, identity);
        factory.setTcpSocketFactorySupport(sockets);
        factory.setSerializer(codec);
        factory.setDeserializer(codec);
        factory.setSingleUse(true);
        factory.setLookupHost(false);
        factory.setSoTimeout(0);
        factory.setBacklog(512);
        factory.setTaskExecutor(Executors.newCachedThreadPool(daemonThreads("zccache-conn-")));
        factory.setBeanName("zccacheUnixSocketConnectionFactory");
    }

    public TcpNetServerConnectionFactory connectionFactory() {
        return factory;
    }

    public int openConnections() {
        return reaper.openConnections();
    }

    /** Stops accepting (the socket file goes away); connections in flight are left to finish. */
    public void stopAccepting() {
        try {
            sockets.closeServerSocket();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        factory.stop();
        reaper.closeAll();
        reaperThread.shutdownNow();
        watchers.shutdownNow();
    }

    /**
     * Publishes no connection events: nothing listens to them, and open/close events for every
     * compile went through the context's multicaster, about a tenth of the daemon's CPU per hit
     * in profiles (JFR, 3000 hits).
     */
    private static final class QuietConnectionFactory extends TcpNetServerConnectionFactory {
        QuietConnectionFactory() {
            super(0);
        }

        /**
         * A publisher that drops the events. Not none: without a publisher Spring Integration
         * logs "No publisher available to publish <event>" at WARN for every connection open
         * and close, three lines per compile in daemon.log (12 009 lines, 4.5 MB, for 4000 hits)
         * and a formatted string and a file write each on the request thread.
         */
        @Override
        public void setApplicationEventPublisher(ApplicationEventPublisher publisher) {
            super.setApplicationEventPublisher(event -> {
            });
        }
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
