package dev.zccache.hash;

import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's JNI library, {@code libzccache-native.so} (src/main/c/jni, packaged in the jar):
 * batched stats ({@link StatBatch}) and file hashing through the system's libcrypto
 * ({@link Sha256#ofFile}). It is copied out of the jar to a private temporary file, loaded and
 * unlinked. Where it cannot be loaded (no JNI headers at build time, a {@code noexec} temporary
 * directory) both fall back to Java: same answers, slower.
 */
public final class NativeLibrary {

    private static final Logger log = LoggerFactory.getLogger(NativeLibrary.class);
    private static final String LIBRARY = "/native/libzccache-native.so";
    /** What java.nio encodes file names with: looked up once. */
    private static final Charset PATH_CHARSET = pathCharset();
    /**
     * Whether the library is loaded: JVM-wide by nature (System.load binds the native methods
     * for the whole process), so set once by {@link #load} and only ever from false to true.
     */
    private static volatile boolean loaded;

    private NativeLibrary() {
    }

    public static boolean loaded() {
        return loaded;
    }

    /**
     * Loads the library from the jar: copied to a private temporary file in {@code dir} (the
     * store's tmp: owner-only, seldom noexec), else in java.io.tmpdir, loaded, and the file
     * deleted. Returns whether it is available.
     */
    public static synchronized boolean load(Path dir) {
        if (loaded) {
            return true;
        }
        for (Path d : List.of(dir, Path.of(System.getProperty("java.io.tmpdir")))) {
            try (InputStream in = NativeLibrary.class.getResourceAsStream(LIBRARY)) {
                if (in == null) {
                    log.debug("no {} in the jar: stats and hashes in Java", LIBRARY);
                    return false;
                }
                Path lib = Files.createTempFile(d, "libzccache-native-", ".so"); // mode 0600
                try {
                    Files.copy(in, lib, StandardCopyOption.REPLACE_EXISTING);
                    System.load(lib.toString());
                } finally {
                    Files.deleteIfExists(lib); // loaded (mapped) or not, nobody needs the file
                }
                loaded = StatBatch.probe();
                return loaded;
            } catch (UnsatisfiedLinkError | Exception e) {
                log.debug("cannot load {} from {}: {}", LIBRARY, d, e.toString());
            }
        }
        return false;
    }

    /**
     * The path as the kernel will see it, NUL-terminated; empty when it cannot be handed over
     * exactly (not absolute, not representable, or holding a NUL).
     */
    static Optional<byte[]> encode(Path path, boolean terminate) {
        return path.isAbsolute() ? exactly(path.toString(), terminate) : Optional.empty();
    }

    /**
     * The string as the JDK would hand it to a program it starts (argument, environment entry),
     * NUL-terminated; empty when that cannot be done exactly (not representable, or holding a NUL).
     */
    public static Optional<byte[]> encodeForExec(String s) {
        return exactly(s, true);
    }

    /** The string's bytes in the file-name charset, if they say exactly it and hold no NUL. */
    private static Optional<byte[]> exactly(String s, boolean terminate) {
        byte[] bytes = s.getBytes(PATH_CHARSET);
        if (!new String(bytes, PATH_CHARSET).equals(s) || indexOfNul(bytes) >= 0) {
            return Optional.empty();
        }
        return Optional.of(terminate ? java.util.Arrays.copyOf(bytes, bytes.length + 1) : bytes);
    }

    private static int indexOfNul(byte[] b) {
        for (int i = 0; i < b.length; i++) {
            if (b[i] == 0) {
                return i;
            }
        }
        return -1;
    }

    private static Charset pathCharset() {
        try {
            return Charset.forName(System.getProperty("sun.jnu.encoding", "UTF-8"));
        } catch (RuntimeException e) {
            return StandardCharsets.UTF_8;
        }
    }
}
