package dev.zccache.daemon;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Locale;
import java.util.Map;

/** The files of one cache dir, named the same way the launcher names them. */
public final class DaemonPaths {

    /** sun_path holds 108 bytes including the NUL. */
    static final int SUN_PATH_MAX = 107;

    private DaemonPaths() {
    }

    /**
     * The cache dir from {@code ZCCACHE_CACHE_DIR} (default {@code ~/.zccache}), created if
     * missing, made owner-only (the socket lives in it) and returned as a real path.
     */
    public static Path prepareCacheDir(Map<String, String> env) throws IOException {
        String configured = env.get("ZCCACHE_CACHE_DIR");
        Path dir = configured == null || configured.isEmpty()
                ? Path.of(System.getProperty("user.home"), ".zccache")
                : Path.of(configured);
        Files.createDirectories(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        Path real = dir.toRealPath();
        Files.createDirectories(real.resolve("logs"));
        return real;
    }

    /**
     * {@code <cacheDir>/daemon.sock}, or when that does not fit in sun_path,
     * {@code /tmp/zccache-<uid>/<fnv1a64(cacheDir)>.sock}.
     * Keep in sync with zc_socket_path in src/main/c/paths.c.
     */
    public static Path socketPath(Path cacheDir, int uid) {
        String direct = cacheDir + "/daemon.sock";
        if (direct.getBytes(StandardCharsets.UTF_8).length <= SUN_PATH_MAX) {
            return Path.of(direct);
        }
        long h = fnv1a64(cacheDir.toString().getBytes(StandardCharsets.UTF_8));
        return Path.of("/tmp/zccache-" + uid, String.format(Locale.ROOT, "%016x.sock", h));
    }

    static long fnv1a64(byte[] bytes) {
        long h = 0xcbf29ce484222325L;
        for (byte b : bytes) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        return h;
    }

    /** The socket path for this process's uid, with its private parent directory in place. */
    public static Path prepareSocketPath(Path cacheDir) {
        try {
            int uid = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            Path socket = socketPath(cacheDir, uid);
            Path parent = socket.getParent();
            if (!parent.equals(cacheDir)) {
                Files.createDirectories(parent);
                Files.setPosixFilePermissions(parent, PosixFilePermissions.fromString("rwx------"));
            }
            return socket;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
