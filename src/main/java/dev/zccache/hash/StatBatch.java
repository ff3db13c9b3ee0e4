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
 * on top of the ~2 µs syscall; {@link NativeLibrary} does them all in one call from paths
 * encoded once. Where it is not loaded, {@link Builder#build} answers empty and callers stat one
 * path at a time through {@link FileStat}: same answers, slower.
 */
public final class StatBatch {

    private static final Logger log = LoggerFactory.getLogger(StatBatch.class);

    /** Longs per path in the native answer: dev, ino, kind, size, mtime ns, ctime ns. */
    static final int FIELDS = 6;
    static final long MISSING = 0;
    static final long REGULAR = 1;
    static final long DIRECTORY = 2;
    static final long ERROR = 4;
    /** Marks a field the expectation does not compare (a directory's size, a missing path's all but kind). */
    private static final long ANY = Long.MIN_VALUE;

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
        return NativeLibrary.loaded();
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
            if (!NativeLibrary.loaded() || !encodable) {
                return Optional.empty();
            }
            long[] all = new long[expected.size() * FIELDS];
            for (int i = 0; i < expected.size(); i++) {
                System.arraycopy(expected.get(i), 0, all, i * FIELDS, FIELDS);
            }
            return Optional.of(new StatBatch(paths.toByteArray(), expected.size(), all));
        }

        private void add(Path path, long[] fields) {
            Optional<byte[]> bytes = NativeLibrary.encode(path, true);
            if (bytes.isEmpty()) {
                encodable = false;
                return;
            }
            paths.writeBytes(bytes.get());
            expected.add(fields);
        }
    }

    /**
     * One stat through the library: dev, ino, kind, size, mtime and ctime ({@link #FIELDS}), or
     * null when the library is not loaded or the path cannot be handed to it exactly.
     */
    static long[] single(Path path) {
        if (!NativeLibrary.loaded()) {
            return null;
        }
        Optional<byte[]> bytes = NativeLibrary.encode(path, true);
        if (bytes.isEmpty()) {
            return null;
        }
        long[] out = new long[FIELDS];
        statAll(bytes.get(), 1, out);
        return out;
    }

    /** Whether the loaded library answers as expected: "/" is a directory. */
    static boolean probe() {
        long[] probe = new long[FIELDS];
        statAll("/\0".getBytes(StandardCharsets.US_ASCII), 1, probe);
        return probe[2] == DIRECTORY;
    }

    private static native void statAll(byte[] paths, int count, long[] out);
}
