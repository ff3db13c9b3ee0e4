package dev.zccache.store.remote;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SetArgs;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.async.RedisStringAsyncCommands;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Redis or Redis Cluster through Lettuce: values under {@code zccache:<kind letter>:<key>}, each
 * written with a TTL so that the server's own {@code maxmemory} policy (and time) can evict.
 *
 * <h2>Implementation notes</h2>
 * The connection is made in the background the first time it is needed and again after it
 * failed; a request waits for it no longer than its own timeout. While the connection is down
 * (Redis killed mid-build) commands are rejected at once instead of queued for the reconnect,
 * so a compile never waits for a server that is gone.
 */
final class RedisBackend implements RemoteBackend {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(RedisBackend.class);

    /** A client made for the resources, and how it connects (blocking). */
    private record Made(AbstractRedisClient client, Supplier<StatefulConnection<byte[], byte[]>> connect) {
    }

    private final Function<ClientResources, Made> factory;
    private final Object making = new Object();
    private ClientResources resources;
    private Made made;
    private final String description;
    private final Duration readTimeout;
    private final Duration writeTimeout;
    private final long ttlSeconds;
    private CompletableFuture<RedisStringAsyncCommands<byte[], byte[]>> connection;
    /** A read already waited for the current attempt: later reads do not wait for it again. */
    private volatile boolean readWaited;

    private RedisBackend(Function<ClientResources, Made> factory, String description, Duration readTimeout,
            Duration writeTimeout, Duration ttl) {
        this.factory = factory;
        this.description = description;
        this.readTimeout = readTimeout;
        this.writeTimeout = writeTimeout;
        this.ttlSeconds = Math.max(1, ttl.toSeconds());
    }

    /** One server: {@code redis://[user:password@]host:port[/db]} or {@code rediss://} for TLS. */
    static RedisBackend standalone(RedisURI uri, String description, Duration readTimeout, Duration writeTimeout,
            Duration ttl) {
        uri.setTimeout(writeTimeout);
        return new RedisBackend(resources -> {
            RedisClient client = RedisClient.create(resources, uri);
            client.setOptions(ClientOptions.builder()
                    .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                    .socketOptions(socketOptions(writeTimeout))
                    .timeoutOptions(TimeoutOptions.enabled(writeTimeout))
                    .build());
            return new Made(client, () -> client.connect(ByteArrayCodec.INSTANCE, uri));
        }, description, readTimeout, writeTimeout, ttl);
    }

    /** A cluster, from one or more of its nodes ({@code redis+cluster://host:port,host:port}). */
    static RedisBackend cluster(List<RedisURI> seeds, String description, Duration readTimeout, Duration writeTimeout,
            Duration ttl) {
        seeds.forEach(u -> u.setTimeout(writeTimeout));
        return new RedisBackend(resources -> {
            RedisClusterClient client = RedisClusterClient.create(resources, seeds);
            client.setOptions(ClusterClientOptions.builder()
                    .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                    .socketOptions(socketOptions(writeTimeout))
                    .timeoutOptions(TimeoutOptions.enabled(writeTimeout))
                    .build());
            // the blocking connect: connectAsync needs the cluster's partitions read first
            // (Lettuce: "Partitions not initialized")
            return new Made(client, () -> client.connect(ByteArrayCodec.INSTANCE));
        }, description, readTimeout, writeTimeout, ttl);
    }

    /**
     * The client, made the first time a connection is made: on the connecting thread, so that
     * loading Lettuce and Netty (a quarter of a second) is not part of the daemon's start.
     */
    private Made made() {
        synchronized (making) {
            if (made == null) {
                resources = resources();
                made = factory.apply(resources);
            }
            return made;
        }
    }

    private static void connectInBackground(Runnable connect) {
        Thread t = new Thread(connect, "zccache-remote-connect");
        t.setDaemon(true);
        t.start();
    }

    private static ClientResources resources() {
        // a compiler cache needs few I/O threads; Lettuce's default is one per CPU at least three
        return DefaultClientResources.builder().ioThreadPoolSize(2).computationThreadPoolSize(1).build();
    }

    private static SocketOptions socketOptions(Duration connectTimeout) {
        return SocketOptions.builder().connectTimeout(connectTimeout).keepAlive(true).build();
    }

    @Override
    public void connect() {
        try {
            attempt();
        } catch (RemoteUnavailableException e) {
            // the next request says so
        }
    }

    @Override
    public synchronized boolean connected() {
        return connection != null && connection.isDone() && !connection.isCompletedExceptionally();
    }

    @Override
    public Optional<byte[]> get(Kind kind, String key) throws IOException {
        RedisStringAsyncCommands<byte[], byte[]> c = connected(readTimeout, true);
        return Optional.ofNullable(await(c.get(name(kind, key)), readTimeout));
    }

    @Override
    public void put(Kind kind, String key, byte[] value) throws IOException {
        RedisStringAsyncCommands<byte[], byte[]> c = connected(writeTimeout, false);
        await(c.set(name(kind, key), value, SetArgs.Builder.ex(ttlSeconds)), writeTimeout);
    }

    private static byte[] name(Kind kind, String key) {
        return ("zccache:" + kind.letter + ":" + key).getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * The connection, made now if there is none. A failed attempt is reported once (and the next
     * call tries again). While an attempt is under way, one read waits for it up to its timeout
     * (a fresh daemon's first compiles should find the remote); reads after that one do not wait
     * (a black-holed server would cost every compile its timeout), writes always do.
     */
    private RedisStringAsyncCommands<byte[], byte[]> connected(Duration timeout, boolean reading) throws IOException {
        CompletableFuture<RedisStringAsyncCommands<byte[], byte[]>> c = attempt();
        if (c.isDone()) {
            return await(c, timeout);
        }
        if (reading && readWaited) {
            throw new RemoteUnavailableException(description + ": still connecting", false, null);
        }
        try {
            return c.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            if (reading) {
                readWaited = true;
            }
            throw new RemoteUnavailableException(description + ": still connecting", false, null);
        } catch (ExecutionException e) {
            throw new RemoteUnavailableException(description + ": cannot connect: " + e.getCause(), true, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(description + ": interrupted");
        }
    }

    @SuppressWarnings("unchecked")
    private synchronized CompletableFuture<RedisStringAsyncCommands<byte[], byte[]>> attempt()
            throws RemoteUnavailableException {
        if (connection != null && connection.isCompletedExceptionally()) {
            Throwable why = connection.handle((ok, e) -> e).join();
            connection = null;
            Throwable cause = why instanceof java.util.concurrent.CompletionException ce && ce.getCause() != null
                    ? ce.getCause() : why;
            throw new RemoteUnavailableException(description + ": cannot connect: " + cause, true, cause);
        }
        if (connection == null) {
            readWaited = false;
            long started = System.nanoTime();
            connection = CompletableFuture.supplyAsync(() -> made().connect().get(), RedisBackend::connectInBackground)
                    .thenApply(conn -> {
                        log.info("connected to {} in {} ms", description, (System.nanoTime() - started) / 1_000_000);
                        if (conn instanceof io.lettuce.core.api.StatefulRedisConnection<byte[], byte[]> s) {
                            return (RedisStringAsyncCommands<byte[], byte[]>) s.async();
                        }
                        return ((io.lettuce.core.cluster.api.StatefulRedisClusterConnection<byte[], byte[]>) conn)
                                .async();
                    });
        }
        return connection;
    }

    private <T> T await(Future<T> f, Duration timeout) throws IOException {
        try {
            return f.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            f.cancel(false);
            throw new RemoteTimeoutException(description + ": no answer within " + timeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            throw new IOException(description + ": " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(description + ": interrupted");
        }
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public void close() {
        synchronized (making) {
            if (made != null) {
                made.client().shutdown(Duration.ZERO, Duration.ofSeconds(1));
                resources.shutdown(0, 1, TimeUnit.SECONDS);
            }
        }
    }
}
