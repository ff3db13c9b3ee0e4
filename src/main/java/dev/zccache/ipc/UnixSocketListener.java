package dev.zccache.ipc;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.integration.ip.tcp.connection.TcpNetServerConnectionFactory;

/**
 * The daemon's socket: a stock {@link TcpNetServerConnectionFactory} made to listen on an
 * owner-only UNIX socket, one request per connection, with length-prefixed frames whose body is
 * the payload and whose connection is the {@link Client} header. Feed the factory to a
 * {@code TcpInboundGateway}, which starts and stops it (its one lifecycle owner); this class
 * owns the threads that watch for vanished clients and reap stalled ones.
 */
public final class UnixSocketListener implements AutoCloseable {

    private final TcpNetServerConnectionFactory factory;
    private final ExecutorService watchers;
    private final ScheduledExecutorService reaperThread;
    private final ConnectionReaper reaper;
    private final UnixSocketFactorySupport sockets;
    private final Path socket;
    /** The socket file's identity (device, inode) as first seen while listening. */
    private volatile Object boundFile;

    /**
     * @param maxFrameBytes the largest frame body accepted (Spring's default of 2 KiB is far too small)
     * @param errors the frames sent to clients the transport turns away (stalled, other user)
     */
    public UnixSocketListener(Path socket, Duration requestTimeout, int maxFrameBytes, ErrorFrames errors) {
        this.socket = socket;
        this.watchers = Executors.newCachedThreadPool(daemonThreads("zccache-watch-"));
        this.reaper = new ConnectionReaper(requestTimeout, errors);
        this.reaperThread = Executors.newSingleThreadScheduledExecutor(daemonThreads("zccache-reaper-"));
        long period = Math.max(50, Math.min(1000, requestTimeout.toMillis() / 4));
        reaperThread.scheduleWithFixedDelay(reaper::reap, period, period, TimeUnit.MILLISECONDS);

        FrameCodec codec = new FrameCodec(maxFrameBytes);
        this.factory = new TcpNetServerConnectionFactory(0);
        this.sockets = new UnixSocketFactorySupport(socket, watchers, reaper, errors);
        factory.setTcpSocketFactorySupport(sockets);
        factory.setSerializer(codec);
        factory.setDeserializer(codec);
        factory.setMapper(new ClientHeaderMapper(reaper::connection));
        factory.setSingleUse(true);
        factory.setLookupHost(false);
        factory.setSoTimeout(0);
        factory.setBacklog(512);
        factory.setTaskExecutor(Executors.newCachedThreadPool(daemonThreads("zccache-conn-")));
        factory.setBeanName("zccacheUnixSocketConnectionFactory");
        // Connection events go nowhere: nothing listens to them, and publishing open and close
        // for every compile through the context's multicaster was a tenth of the daemon's CPU per
        // hit (JFR, 3000 hits). Not null: then every event is a WARN line in daemon.log.
        factory.setApplicationEventPublisher(event -> {
        });
    }

    /** Not a bean: its gateway initialises, starts and stops it. */
    public TcpNetServerConnectionFactory connectionFactory() {
        return factory;
    }

    /**
     * False once the socket file this daemon listens on is gone or is another file: no client can
     * reach this daemon any more, and while it holds daemon.lock no other daemon can start. Asked
     * only while the factory listens (DaemonLifecycle counts a listener that never does).
     */
    public boolean socketFileIsOurs() {
        Object now;
        try {
            now = java.nio.file.Files.readAttributes(socket, java.nio.file.attribute.BasicFileAttributes.class,
                    java.nio.file.LinkOption.NOFOLLOW_LINKS).fileKey();
        } catch (java.io.IOException gone) {
            return false;
        }
        if (boundFile == null) {
            boundFile = now;
        }
        return boundFile.equals(now);
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

    /** After the gateway stopped the factory: ends what is left of connections and their threads. */
    @Override
    public void close() {
        reaper.closeAll();
        reaperThread.shutdownNow();
        watchers.shutdownNow();
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
