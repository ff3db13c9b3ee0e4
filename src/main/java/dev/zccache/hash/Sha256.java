package dev.zccache.hash;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.ToIntFunction;

/** The one digest zccache names content with, and its hex spelling. */
public final class Sha256 {

    private Sha256() {
    }

    public static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    public static String hex(byte[] digest) {
        return HexFormat.of().formatHex(digest);
    }

    /**
     * The SHA-256 of a file's content: by the system's libcrypto through {@link NativeLibrary}
     * where it is loaded (ten times Java's speed on C1, which has no SHA-256 intrinsic), else
     * read and hashed in Java.
     */
    public static byte[] ofFile(Path file) throws IOException {
        if (hashesNatively()) {
            Optional<byte[]> name = NativeLibrary.encode(file.toAbsolutePath(), true);
            byte[] digest = name.isPresent() ? natively(out -> fileDigest(name.get(), out)) : null;
            if (digest != null) {
                return digest;
            }
        }
        MessageDigest sha = newDigest();
        byte[] buf = new byte[64 * 1024];
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buf)) > 0) {
                sha.update(buf, 0, n);
            }
        }
        return sha.digest();
    }

    /** The SHA-256 of bytes in memory: by libcrypto where {@link #ofFile} uses it, else in Java. */
    public static byte[] of(byte[] bytes) {
        byte[] digest = hashesNatively() ? natively(out -> bytesDigest(bytes, out)) : null;
        return digest != null ? digest : newDigest().digest(bytes);
    }

    /**
     * The digest a native call wrote into a new array (its result 0), or null: no libcrypto (then
     * never asked again) or the call failed (the caller hashes in Java, and says its own error).
     */
    private static byte[] natively(ToIntFunction<byte[]> digestInto) {
        byte[] out = new byte[32];
        int rc = digestInto.applyAsInt(out);
        if (rc == NO_CRYPTO) {
            nativeHashing = false;
        }
        return rc == 0 ? out : null;
    }

    /**
     * Has the library load the system's libcrypto now, where the first file digest would (a
     * fresh daemon calls it off the compiles' path). Without the library, nothing.
     */
    public static void prepare() {
        if (NativeLibrary.loaded() && nativeHashing && !loadCrypto()) {
            nativeHashing = false;
        }
    }

    /** Whether the library hashes natively (no libcrypto found: false for good). */
    public static boolean hashesNatively() {
        return NativeLibrary.loaded() && nativeHashing;
    }

    private static final int NO_CRYPTO = 1;
    private static volatile boolean nativeHashing = true;

    /** Loads libcrypto (once): whether it is usable. */
    private static native boolean loadCrypto();

    /** 0: the digest is in out; 1: no libcrypto; 2: the file could not be read. */
    private static native int fileDigest(byte[] path, byte[] out);

    /** 0: the digest is in out; 1: no libcrypto; 2: libcrypto failed. */
    private static native int bytesDigest(byte[] bytes, byte[] out);
}
