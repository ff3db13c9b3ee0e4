package dev.zccache.store.remote;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.zccache.store.Manifest;
import dev.zccache.store.ResultEntry;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The remote behind the local store: reads on the build's path (bounded by the backend's
 * timeouts, verified, skipped while the breaker is open), writes off it (a bounded queue and
 * one thread; what does not fit is dropped and counted). Nothing here can fail a compile: every
 * problem is an empty answer and a counter.
 *
 * <h2>Implementation notes</h2>
 * An entry is written blobs first, then its manifest (merged with the one the remote has, each
 * entry's result inside: {@link RemoteManifest}), so that a reader that finds a manifest finds
 * what it names, as in the local store.
 * Blobs written once are remembered (by digest) and not sent again.
 */
public final class RemoteTier implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RemoteTier.class);

    /**
     * @param readOnly read what others wrote, write nothing
     * @param maxValueBytes the largest value read or written; an entry with a larger part is not written
     * @param queueCapacity entries waiting to be written; beyond it new ones are dropped
     * @param breakerThreshold failures in a row that open the breaker
     * @param breakerOpenFor how long an open breaker stops requests
     */
    public record Settings(boolean readOnly, long maxValueBytes, int queueCapacity, int breakerThreshold,
            Duration breakerOpenFor) {
    }

    /** Reads a blob of the local store for an upload (empty when it is gone). */
    @FunctionalInterface
    public interface BlobSource {
        Optional<byte[]> read(String digest) throws IOException;
    }

    /**
     * One compile's entry, as the local store just took it.
     *
     * @param context the dump of the context key (what explain compares)
     */
    public record Upload(String contextKey, String context, Manifest.Entry entry, ResultEntry result) {
    }

    private static final Upload STOP = new Upload(null, null, null, null);

    /** No remote configured: every read is empty, nothing is written or counted. */
    public static RemoteTier none() {
        return new RemoteTier(null, null, null, new Settings(true, 0, 1, 1, Duration.ZERO), Clock.systemUTC());
    }

    private final RemoteBackend backend;
    private final JsonMapper json;
    private final BlobSource blobs;
    private final Settings settings;
    private final CircuitBreaker breaker;
    private final RemoteCounters counters = new RemoteCounters();
    private final BlockingQueue<Upload> queue;
    private final Cache<String, Boolean> sentBlobs = Caffeine.newBuilder().maximumSize(200_000).build();
    private final Thread writer;
    /** The remote answered a request once (since the daemon started). */
    private volatile boolean answered;

    /** How long the breaker stays open after a failed connection while the remote never answered yet. */
    static final Duration FIRST_CONTACT_RETRY = Duration.ofSeconds(1);

    public RemoteTier(RemoteBackend backend, JsonMapper json, BlobSource blobs, Settings settings, Clock clock) {
        this.backend = backend;
        this.json = json;
        this.blobs = blobs;
        this.settings = settings;
        this.breaker = new CircuitBreaker(settings.breakerThreshold(), settings.breakerOpenFor(), clock);
        this.queue = new ArrayBlockingQueue<>(Math.max(1, settings.queueCapacity()));
        if (backend != null) {
            backend.connect();
        }
        if (backend == null || settings.readOnly()) {
            writer = null;
        } else {
            writer = new Thread(this::writeLoop, "zccache-remote-writer");
            writer.setDaemon(true);
            writer.start();
        }
    }

    /** Whether a remote is configured. */
    public boolean enabled() {
        return backend != null;
    }

    /** The remote's manifest for a context key, with its entries' results. */
    public Optional<RemoteManifest> manifest(String contextKey) {
        return read(RemoteBackend.Kind.MANIFEST, contextKey).flatMap(b -> parse(b, RemoteManifest.class))
                .filter(m -> m.manifest() != null && m.manifest().entries() != null && m.results() != null);
    }

    /** A blob's bytes, verified against its digest. */
    public Optional<byte[]> blob(String digest) {
        Optional<byte[]> b = read(RemoteBackend.Kind.BLOB, digest);
        if (b.isEmpty()) {
            sentBlobs.invalidate(digest); // missing or damaged there: the next upload sends it again
        }
        return b;
    }

    /** An entry found on the remote was delivered. */
    public void countHit() {
        counters.hits.incrementAndGet();
    }

    /** The remote had no entry that holds here (or could not be asked). */
    public void countMiss() {
        counters.misses.incrementAndGet();
    }

    /** Queues a compile's entry for the remote; false (counted) when read-only, full or the breaker is open. */
    public boolean offer(Upload upload) {
        if (writer == null) {
            return false;
        }
        if (breaker.state() == CircuitBreaker.State.OPEN || !queue.offer(upload)) {
            counters.writesDropped.incrementAndGet();
            return false;
        }
        return true;
    }

    public RemoteCounters counters() {
        return counters;
    }

    /** Where the remote is, without credentials. */
    public String describe() {
        return backend == null ? "none" : backend.describe();
    }

    public boolean readOnly() {
        return settings.readOnly();
    }

    /** "UP" (asking, last request answered), "DOWN" (the last request failed) or "OUT_OF_SERVICE" (breaker open). */
    public String status() {
        return switch (breaker.state()) {
            case CLOSED -> "UP";
            case FAILING -> "DOWN";
            case OPEN -> "OUT_OF_SERVICE";
        };
    }

    /** Whether the backend holds a connection now (HTTP: always). */
    public boolean connected() {
        return backend != null && backend.connected();
    }

    /** Times the breaker opened since the daemon started. */
    public long breakerOpenings() {
        return breaker.timesOpened();
    }

    /** Uploads waiting to be written. */
    public int queued() {
        return queue.size();
    }

    private Optional<byte[]> read(RemoteBackend.Kind kind, String key) {
        if (backend == null) {
            return Optional.empty();
        }
        if (!breaker.allows()) {
            counters.skipped.incrementAndGet();
            return Optional.empty();
        }
        Optional<byte[]> raw;
        try {
            raw = backend.get(kind, key);
            answered();
        } catch (RemoteUnavailableException e) {
            if (e.connectFailed()) {
                unreachable(e);
            } else {
                counters.skipped.incrementAndGet();
            }
            return Optional.empty();
        } catch (RemoteTimeoutException e) {
            // a remote that cannot answer a read in time (black-holed, overloaded) cannot help
            // this build: stop asking at once rather than after a timeout per compile
            counters.timeouts.incrementAndGet();
            breaker.trip();
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            counters.errors.incrementAndGet();
            breaker.failed();
            log.debug("remote read failed: {}", causes(e));
            return Optional.empty();
        }
        if (raw.isEmpty()) {
            return raw;
        }
        counters.bytesIn.addAndGet(raw.get().length);
        Optional<byte[]> plain = kind == RemoteBackend.Kind.BLOB && backend.rawBlobs()
                ? RemoteEnvelope.openRawBlob(key, raw.get())
                : RemoteEnvelope.open(kind, key, raw.get(), settings.maxValueBytes());
        if (plain.isEmpty()) {
            counters.rejected.incrementAndGet();
            log.warn("remote {} {} failed verification (corrupt, truncated or misplaced); treated as missing",
                    kind.name().toLowerCase(), key);
        }
        return plain;
    }

    private void answered() {
        answered = true;
        breaker.succeeded();
    }

    /**
     * Connecting failed (or a write waited for a connection in vain): the breaker opens. A
     * connection refused by a remote that never answered yet opens it only for
     * {@link #FIRST_CONTACT_RETRY}: the server may not be up yet (a CI job's Redis starting
     * beside the daemon), and asking again costs a refused connect. Anything else (a server that
     * accepts and never answers) keeps it open for the whole time.
     */
    private void unreachable(RemoteUnavailableException e) {
        counters.errors.incrementAndGet();
        Duration open = !answered && refused(e)
                ? Collections.min(List.of(FIRST_CONTACT_RETRY, settings.breakerOpenFor()))
                : settings.breakerOpenFor();
        breaker.trip(open);
        log.warn("remote unreachable, not asked for {}: {}", open, causes(e));
    }

    private static boolean refused(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof java.net.ConnectException) {
                return true;
            }
        }
        return false;
    }

    /** An exception and its causes on one line (Lettuce's own message rarely says why). */
    private static String causes(Throwable e) {
        StringBuilder b = new StringBuilder(e.toString());
        for (Throwable c = e.getCause(); c != null && b.length() < 2000; c = c.getCause()) {
            b.append(" <- ").append(c);
        }
        return b.toString();
    }

    private <T> Optional<T> parse(byte[] bytes, Class<T> type) {
        try {
            return Optional.of(json.readValue(bytes, type));
        } catch (JacksonException e) {
            counters.rejected.incrementAndGet();
            return Optional.empty();
        }
    }

    private void writeLoop() {
        while (true) {
            Upload u;
            try {
                u = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            if (u == STOP) {
                return;
            }
            if (breaker.state() == CircuitBreaker.State.OPEN) {
                counters.writesDropped.incrementAndGet();
                continue;
            }
            try {
                if (write(u)) {
                    counters.writes.incrementAndGet();
                    answered();
                } else {
                    counters.writesDropped.incrementAndGet();
                }
            } catch (RemoteTimeoutException e) {
                counters.timeouts.incrementAndGet();
                counters.writesDropped.incrementAndGet();
                breaker.failed();
            } catch (RemoteUnavailableException e) {
                counters.writesDropped.incrementAndGet();
                unreachable(e);
            } catch (IOException | RuntimeException e) {
                counters.errors.incrementAndGet();
                counters.writesDropped.incrementAndGet();
                breaker.failed();
                log.warn("remote write failed: {}", causes(e));
            }
        }
    }

    /** False when the entry cannot be written whole (a blob gone from the local store, or too large). */
    private boolean write(Upload u) throws IOException {
        List<String> digests = new ArrayList<>(u.result().outputs().values());
        for (String d : List.of(u.result().stdout(), u.result().stderr())) {
            if (!d.isEmpty()) {
                digests.add(d);
            }
        }
        for (String digest : digests) {
            if (sentBlobs.getIfPresent(digest) != null) {
                continue;
            }
            Optional<byte[]> bytes = blobs.read(digest);
            if (bytes.isEmpty() || bytes.get().length > settings.maxValueBytes()) {
                return false;
            }
            byte[] value = backend.rawBlobs() ? bytes.get()
                    : RemoteEnvelope.seal(RemoteBackend.Kind.BLOB, digest, bytes.get());
            send(RemoteBackend.Kind.BLOB, digest, value);
            sentBlobs.put(digest, Boolean.TRUE);
        }
        // theirs (what other machines wrote under this key) with this entry in front
        RemoteManifest merged = manifest(u.contextKey()).orElse(RemoteManifest.empty())
                .with(u.entry(), u.result(), u.context());
        send(RemoteBackend.Kind.MANIFEST, u.contextKey(), seal(RemoteBackend.Kind.MANIFEST, u.contextKey(), merged));
        return true;
    }

    private byte[] seal(RemoteBackend.Kind kind, String key, Object record) {
        return RemoteEnvelope.seal(kind, key, json.writeValueAsBytes(record));
    }

    private void send(RemoteBackend.Kind kind, String key, byte[] value) throws IOException {
        if (value.length > settings.maxValueBytes()) {
            throw new IOException(kind.name().toLowerCase() + " " + key + " exceeds the remote's size limit");
        }
        backend.put(kind, key, value);
        counters.bytesOut.addAndGet(value.length);
    }

    /** Lets queued writes finish for a moment (a stopping daemon), then closes the backend. */
    @Override
    public void close() {
        if (writer != null) {
            if (!queue.offer(STOP)) {
                writer.interrupt();
            }
            try {
                writer.join(TimeUnit.SECONDS.toMillis(2));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            writer.interrupt();
        }
        if (backend != null) {
            backend.close();
        }
    }
}
