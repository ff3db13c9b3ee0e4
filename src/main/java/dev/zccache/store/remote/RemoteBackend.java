package dev.zccache.store.remote;

import java.io.IOException;
import java.util.Optional;

/**
 * One remote server, as bytes by key. Every call is bounded by the backend's timeouts and
 * throws ({@link RemoteTimeoutException} when it ran out of time) rather than wait longer: the
 * tier counts, and its breaker decides whether to ask again.
 */
public interface RemoteBackend extends AutoCloseable {

    /** What is stored: blobs are content-addressed, manifests (with their results) named by their context keys. */
    enum Kind {
        BLOB('b'), MANIFEST('m');

        final char letter;

        Kind(char letter) {
            this.letter = letter;
        }
    }

    /** Starts connecting, without waiting (the daemon calls it at start so that its first compiles find the remote). */
    default void connect() {
    }

    /** Whether it is connected now (false while connecting or after connecting failed). */
    default boolean connected() {
        return true;
    }

    /** The stored value, or empty when the server has none. */
    Optional<byte[]> get(Kind kind, String key) throws IOException;

    void put(Kind kind, String key, byte[] value) throws IOException;

    /**
     * Whether blobs are stored as their raw bytes (an HTTP cache whose {@code /cas/} checks them
     * against their SHA-256 name, as bazel-remote does) rather than sealed and compressed.
     */
    default boolean rawBlobs() {
        return false;
    }

    /** Where it points, without credentials (for logs, health and {@code zccache config}). */
    String describe();

    @Override
    void close();
}
