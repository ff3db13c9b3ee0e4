package dev.zccache.store.remote;

import dev.zccache.hash.Sha256;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Optional;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * How a value travels to and from a remote: sealed with what it is (kind and key) and the
 * SHA-256 of its bytes, and compressed. Anything read back is opened only if all of that holds
 * (a value stored under another key, truncated, or with one bit flipped is refused), and a blob
 * must also hash to its own name.
 *
 * <pre>
 * "ZCR1" | kind letter | key (64 ASCII hex) | SHA-256 of the plain bytes (32) | 0 raw / 1 deflated | payload
 * </pre>
 */
final class RemoteEnvelope {

    private static final byte[] MAGIC = "ZCR1".getBytes(StandardCharsets.US_ASCII);
    private static final int KEY = 64;
    private static final int HEADER = MAGIC.length + 1 + KEY + 32 + 1;

    private RemoteEnvelope() {
    }

    static byte[] seal(RemoteBackend.Kind kind, String key, byte[] plain) {
        byte[] packed = deflate(plain);
        boolean compressed = packed.length < plain.length;
        byte[] payload = compressed ? packed : plain;
        ByteBuffer b = ByteBuffer.allocate(HEADER + payload.length);
        b.put(MAGIC).put((byte) kind.letter).put(key.getBytes(StandardCharsets.US_ASCII))
                .put(Sha256.of(plain)).put((byte) (compressed ? 1 : 0)).put(payload);
        return b.array();
    }

    /** The plain bytes, or empty when the value is not a whole, intact seal of this kind and key. */
    static Optional<byte[]> open(RemoteBackend.Kind kind, String key, byte[] sealed, long maxBytes) {
        if (sealed.length < HEADER || !Arrays.equals(sealed, 0, MAGIC.length, MAGIC, 0, MAGIC.length)
                || sealed[MAGIC.length] != (byte) kind.letter
                || !Arrays.equals(sealed, MAGIC.length + 1, MAGIC.length + 1 + KEY,
                        key.getBytes(StandardCharsets.US_ASCII), 0, KEY)) {
            return Optional.empty();
        }
        int digestAt = MAGIC.length + 1 + KEY;
        byte[] expected = Arrays.copyOfRange(sealed, digestAt, digestAt + 32);
        byte flag = sealed[digestAt + 32];
        byte[] plain;
        if (flag == 0) {
            plain = Arrays.copyOfRange(sealed, HEADER, sealed.length);
        } else if (flag == 1) {
            Optional<byte[]> inflated = inflate(sealed, HEADER, maxBytes);
            if (inflated.isEmpty()) {
                return Optional.empty();
            }
            plain = inflated.get();
        } else {
            return Optional.empty();
        }
        byte[] actual = Sha256.of(plain);
        if (!MessageDigest.isEqual(expected, actual)) {
            return Optional.empty();
        }
        if (kind == RemoteBackend.Kind.BLOB && !Sha256.hex(actual).equals(key)) {
            return Optional.empty();
        }
        return Optional.of(plain);
    }

    /** A raw blob (an HTTP {@code /cas/} object) is accepted when it hashes to its name. */
    static Optional<byte[]> openRawBlob(String digest, byte[] raw) {
        return Sha256.hex(Sha256.of(raw)).equals(digest) ? Optional.of(raw) : Optional.empty();
    }

    private static byte[] deflate(byte[] plain) {
        Deflater d = new Deflater(Deflater.BEST_SPEED);
        try {
            d.setInput(plain);
            d.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, plain.length / 2));
            byte[] chunk = new byte[64 * 1024];
            while (!d.finished()) {
                out.write(chunk, 0, d.deflate(chunk));
            }
            return out.toByteArray();
        } finally {
            d.end();
        }
    }

    private static Optional<byte[]> inflate(byte[] in, int offset, long maxBytes) {
        Inflater inf = new Inflater();
        try {
            inf.setInput(in, offset, in.length - offset);
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, (in.length - offset) * 3));
            byte[] chunk = new byte[64 * 1024];
            while (!inf.finished()) {
                int n = inf.inflate(chunk);
                if (n == 0 && (inf.needsInput() || inf.needsDictionary())) {
                    return Optional.empty(); // truncated
                }
                out.write(chunk, 0, n);
                if (out.size() > maxBytes) {
                    return Optional.empty();
                }
            }
            return inf.getRemaining() == 0 ? Optional.of(out.toByteArray()) : Optional.empty();
        } catch (DataFormatException e) {
            return Optional.empty();
        } finally {
            inf.end();
        }
    }
}
