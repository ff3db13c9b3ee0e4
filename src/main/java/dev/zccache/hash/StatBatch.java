package dev.zccache.hash;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stats expected of many paths, re-confirmed with one native call: the regular files of an
 * include closure, the directories that vouch for its absent paths and absent paths themselves.
 *
 * <h2>Implementation notes</h2>
 * A hit re-confirms every file of its closure with a stat. Through java.nio each stat costs ~3.5
 * µs of Java and JNI work (path encoding, a native buffer, a dozen JNI field sets, boxed times)
 * on top of the ~2 µs syscall; {@code libzccache-stat.so} (src/main/c/jni, packaged in the jar)
 * does them all in one call from paths encoded once. It is copied out of the jar to a private
 * temporary file, loaded and unlinked. Where it cannot be loaded (no JNI headers at build time, a
 * {@code noexec} temporary directory, {@code zccache.native-stat=false}) {@link Builder#build}
 * answers empty and callers stat one path at a time through {@link FileStat}: same answers, slower.
 */
public final class StatBatch {

    private static final Logger log = LoggerFactory.getLogger(StatBatch.class);

    /** Longs per path in the native answer: dev, ino, kind, size, mtime ns, ctime ns. */
    static final int FIELDS = 6;
    static final long MISSING = 0;
    static final long REGULAR = 1;
    static final long DIRECTORY = 2;
    /** Marks a field the expectation does not compare (a directory's size, a missing path's all but kind). */
    private static final long ANY = Long.MIN_VALUE;
    private static final String LIBRARY = "/native/libzccache-stat.so";
    /**
     * Whether the library is loaded: JVM-wide by nature (System.load binds the native method
     * for the whole process), so set once by {@link #load} and only ever from false to true.
     */
    private static volatile boolean loaded;
    /** What java.nio encodes file names with: looked up once, not per batch. */
    private static final Charset PATH_CHARSET = pathCharset();

    private final byte[] paths;
    private final int count;
    private final long[] expected;

    private StatBatch(byte[] paths, int count, long[] expected) {
        this.paths = paths;
        this.count = count;
        this.expected = expected;
    }

    /** Whether the native library is loaded (else {@link Builder#build()} is always empty). */
    public static boolean available() {
        return loaded;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Whether one stat of each path shows it as expected (all of them, in one native call). */
    public boolean stillHolds() {
        return changed().length == 0;
    }

    /** The indices (in the order added) of the paths that one stat shows not as expected. */
    public int[] changed() {
        long[] now = stat();
        int[] changed = new int[count];
        int n = 0;
        for (int i = 0; i < count; i++) {
            for (int f = i * FIELDS; f < (i + 1) * FIELDS; f++) {
                if (expected[f] != ANY && expected[f] != now[f]) {
                    changed[n++] = i;
                    break;
                }
            }
        }
        return Arrays.copyOf(changed, n);
    }

    /**
     * The same paths, expecting regular files with {@code states[k]} at {@code indices[k]} (files
     * whose new content was read and memoized); the rest as before.
     */
    public StatBatch expecting(int[] indices, FileStateCache.FileState[] states) {
        long[] next = expected.clone();
        for (int k = 0; k < indices.length; k++) {
            System.arraycopy(fileFields(states[k]), 0, next, indices[k] * FIELDS, FIELDS);
        }
        return new StatBatch(paths, count, next);
    }

    private static long[] fileFields(FileStateCache.FileState state) {
        return new long[] {state.fileKey().device(), state.fileKey().inode(), REGULAR, state.size(),
                state.mtimeNanos(), state.ctimeNanos()};
    }

    /** How many paths this batch stats. */
    public int size() {
        return count;
    }

    /** Roughly the heap it holds: encoded paths and expected stats. */
    public int bytes() {
        return 64 + paths.length + 8 * expected.length;
    }

    /** The native answer, {@link #FIELDS} longs per path. */
    long[] stat() {
        long[] out = new long[count * FIELDS];
        statAll(paths, count, out);
        return out;
    }

    /** Collects the expectations; see {@link #build()}. */
    public static final class Builder {
        private final ByteArrayOutputStream paths = new ByteArrayOutputStream(4096);
        private final List<long[]> expected = new ArrayList<>();
        private boolean encodable = true;

        private Builder() {
        }

        /** Expects a regular file (symlinks followed) with this state. */
        public Builder file(Path path, FileStateCache.FileState state) {
            add(path, fileFields(state));
            return this;
        }

        /** Expects a directory (symlinks followed) with this identity, mtime and ctime. */
        public Builder directory(Path path, FileStat.DeviceInode key, long mtimeNanos, long ctimeNanos) {
            add(path, new long[] {key.device(), key.inode(), DIRECTORY, ANY, mtimeNanos, ctimeNanos});
            return this;
        }

        /** Expects nothing at the path (symlinks followed; a component that is no directory counts). */
        public Builder missing(Path path) {
            add(path, new long[] {ANY, ANY, MISSING, ANY, ANY, ANY});
            return this;
        }

        /**
         * The batch, or empty without the native library or when a path cannot be handed to it as
         * the bytes java.nio would pass (relative, or not encodable in the file-name charset).
         */
        public Optional<StatBatch> build() {
            if (!loaded || !encodable) {
                return Optional.empty();
            }
            long[] all = new long[expected.size() * FIELDS];
            for (int i = 0; i < expected.size(); i++) {
                System.arraycopy(expected.get(i), 0, all, i * FIELDS, FIELDS);
            }
            return Optional.of(new StatBatch(paths.toByteArray(), expected.size(), all));
        }

        private void add(Path path, long[] fields) {
            String s = path.toString();
            byte[] bytes = s.getBytes(PATH_CHARSET);
            if (!path.isAbsolute() || !new String(bytes, PATH_CHARSET).equals(s) || indexOfNul(bytes) >= 0) {
                encodable = false;
                return;
            }
            paths.writeBytes(bytes);
            paths.write(0);
            expected.add(fields);
        }
    }

    private static int indexOfNul(byte[] bytes) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                return i;
            }
        }
        return -1;
    }

    /** The charset java.nio encodes file names with (the daemon runs with LC_ALL=C.UTF-8). */
    private static Charset pathCharset() {
        try {
            return Charset.forName(System.getProperty("sun.jnu.encoding", "UTF-8"));
        } catch (RuntimeException e) {
            return StandardCharsets.UTF_8;
        }
    }

    /**
     * Loads the library from the jar: copied to a private temporary file in {@code dir} (the
     * store's tmp: owner-only, seldom noexec), else in java.io.tmpdir, loaded, and the file
     * deleted. Returns whether it is available; called once by the cache's configuration.
     */
    public static synchronized boolean load(Path dir) {
        if (loaded) {
            return true;
        }
        for (Path d : List.of(dir, Path.of(System.getProperty("java.io.tmpdir")))) {
            try (InputStream in = StatBatch.class.getResourceAsStream(LIBRARY)) {
                if (in == null) {
                    log.debug("no {} in the jar: stats go one at a time", LIBRARY);
                    return false;
                }
                Path lib = Files.createTempFile(d, "libzccache-stat-", ".so"); // mode 0600
                try {
                    Files.copy(in, lib, StandardCopyOption.REPLACE_EXISTING);
                    System.load(lib.toString());
                } finally {
                    Files.deleteIfExists(lib); // loaded (mapped) or not, nobody needs the file
                }
                long[] probe = new long[FIELDS];
                statAll("/\0".getBytes(StandardCharsets.US_ASCII), 1, probe);
                loaded = probe[2] == DIRECTORY;
                return loaded;
            } catch (UnsatisfiedLinkError | Exception e) {
                log.debug("cannot load {} from {}: {}", LIBRARY, d, e.toString());
            }
        }
        return false;
    }

    private static native void statAll(byte[] paths, int count, long[] out);
}
