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
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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

    private final AbstractRedisClient client;
    private final ClientResources resources;
    private final Supplier<CompletionStage<? extends StatefulConnection<byte[], byte[]>>> connector;
    private final String description;
    private final Duration readTimeout;
    private final Duration writeTimeout;
    private final long ttlSeconds;
    private CompletableFuture<RedisStringAsyncCommands<byte[], byte[]>> connection;
    /** A read already waited for the current attempt: later reads do not wait for it again. */
    private volatile boolean readWaited;

    private RedisBackend(AbstractRedisClient client, ClientResources resources,
            Supplier<CompletionStage<? extends StatefulConnection<byte[], byte[]>>> connector, String description,
            Duration readTimeout, Duration writeTimeout, Duration ttl) {
        this.client = client;
        this.resources = resources;
        this.connector = connector;
        this.description = description;
        this.readTimeout = readTimeout;
        this.writeTimeout = writeTimeout;
        this.ttlSeconds = Math.max(1, ttl.toSeconds());
    }

    /** One server: {@code redis://[user:password@]host:port[/db]} or {@code rediss://} for TLS. */
    static RedisBackend standalone(RedisURI uri, String description, Duration readTimeout, Duration writeTimeout,
            Duration ttl) {
        ClientResources resources = resources();
        uri.setTimeout(writeTimeout);
        RedisClient client = RedisClient.create(resources, uri);
        client.setOptions(options(ClientOptions.builder(), writeTimeout).build());
        return new RedisBackend(client, resources, () -> client.connectAsync(ByteArrayCodec.INSTANCE, uri),
                description, readTimeout, writeTimeout, ttl);
    }

    /** A cluster, from one or more of its nodes ({@code redis+cluster://host:port,host:port}). */
    static RedisBackend cluster(List<RedisURI> seeds, String description, Duration readTimeout, Duration writeTimeout,
            Duration ttl) {
        ClientResources resources = resources();
        seeds.forEach(u -> u.setTimeout(writeTimeout));
        RedisClusterClient client = RedisClusterClient.create(resources, seeds);
        client.setOptions(options(ClusterClientOptions.builder(), writeTimeout).build());
        // connectAsync needs the cluster's partitions read first (Lettuce: "Partitions not
        // initialized"); the blocking connect reads them, so it runs on a thread of its own
        return new RedisBackend(client, resources, () -> CompletableFuture.supplyAsync(
                () -> client.connect(ByteArrayCodec.INSTANCE), RedisBackend::connectInBackground), description,
                readTimeout, writeTimeout, ttl);
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

    /** Commands fail at once while disconnected (never queued for a reconnect); connecting and commands are bounded. */
    private static <B extends ClientOptions.Builder> B options(B builder, Duration timeout) {
        builder.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .socketOptions(SocketOptions.builder().connectTimeout(timeout).keepAlive(true).build())
                .timeoutOptions(TimeoutOptions.enabled(timeout));
        return builder;
    }

    @Override
    public void connect() {
        attempt();
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
     * The connection, made now if there is none or the last attempt failed (a failure is reported
     * to the caller that waited for it, never to a later one: the server may be up by then).
     * While an attempt is under way, one read waits for it up to its timeout (a fresh daemon's
     * first compiles should find the remote); reads after that one do not wait (a black-holed
     * server would cost every compile its timeout), writes always do.
     */
    private RedisStringAsyncCommands<byte[], byte[]> connected(Duration timeout, boolean reading) throws IOException {
        CompletableFuture<RedisStringAsyncCommands<byte[], byte[]>> c = attempt();
        if (!c.isDone() && reading && readWaited) {
            throw new RemoteUnavailableException(description + ": still connecting", false, null);
        }
        try {
            return c.get(c.isDone() ? 0 : timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            if (reading) {
                readWaited = true;
            }
            throw new RemoteUnavailableException(description + ": still connecting", false, null);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof java.util.concurrent.CompletionException ce
                    && ce.getCause() != null ? ce.getCause() : e.getCause();
            throw new RemoteUnavailableException(description + ": cannot connect: " + cause, true, cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(description + ": interrupted");
        }
    }

    @SuppressWarnings("unchecked")
    private synchronized CompletableFuture<RedisStringAsyncCommands<byte[], byte[]>> attempt() {
        if (connection != null && connection.isCompletedExceptionally()) {
            connection = null;
        }
        if (connection == null) {
            readWaited = false;
            long started = System.nanoTime();
            connection = connector.get().toCompletableFuture().thenApply(conn -> {
                log.info("connected to {} in {} ms", description, (System.nanoTime() - started) / 1_000_000);
                if (conn instanceof io.lettuce.core.api.StatefulRedisConnection<byte[], byte[]> s) {
                    return (RedisStringAsyncCommands<byte[], byte[]>) s.async();
                }
                return ((io.lettuce.core.cluster.api.StatefulRedisClusterConnection<byte[], byte[]>) conn).async();
            });
        }
        return connection;
    }

    private <T> T await(Future<T> f, Duration timeout) throws IOException {
        try {
            return f.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            f.cancel(false);
            throw RemoteTimeoutException.noAnswer(description, timeout);
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
        client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
        resources.shutdown(0, 1, TimeUnit.SECONDS);
    }
}
