package dev.zccache.hash;

import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One stat(2) of a path, with what the memos compare: identity (device and inode), type, size,
 * mtime and ctime.
 *
 * <h2>Implementation notes</h2>
 * A hit stats every file of its include closure, so this is the daemon's hottest call. Java's
 * only public way to the ctime, {@code readAttributes(path, "unix:...")}, parses the attribute
 * list and boxes every value into a map: 7–9 µs a call here against 3–4 µs for
 * {@code readAttributes(path, PosixFileAttributes.class)}, whose object (JDK's
 * {@code UnixFileAttributes}) holds the ctime without exposing it. When the JVM opens
 * {@code sun.nio.fs} to us (the jar's manifest says {@code Add-Opens}, the tests' argLine too) the
 * ctime (and device and inode) are read from that object; otherwise the map is used, with the
 * same results.
 */
public final class FileStat {

    /** What one stat said. */
    public record Info(DeviceInode fileKey, boolean regularFile, boolean directory, long size, long mtimeNanos,
            long ctimeNanos) {
    }

    /** A file's identity: st_dev and st_ino (the JDK's own key class is not public). */
    public record DeviceInode(long device, long inode) {
    }

    private static final MethodHandle CTIME = accessor("ctime", FileTime.class);
    private static final MethodHandle DEV = accessor("dev", long.class);
    private static final MethodHandle INO = accessor("ino", long.class);

    private FileStat() {
    }

    /** Whether stats take the fast way (see the class notes). */
    public static boolean fast() {
        return CTIME != null && DEV != null && INO != null;
    }

    /**
     * The path's stat, following symlinks; null when nothing is there (through the library, also
     * when a component of the path is not a directory: java.nio throws then).
     */
    public static Info follow(Path path) throws IOException {
        long[] n = StatBatch.single(path);
        if (n != null && n[2] != StatBatch.ERROR) {
            // through the library: no exception for a missing path (a closure's shadow candidates'
            // directories, a new manifest), whose stack trace cost more than the stat
            return n[2] == StatBatch.MISSING ? null : new Info(new DeviceInode(n[0], n[1]), n[2] == StatBatch.REGULAR,
                    n[2] == StatBatch.DIRECTORY, n[3], n[4], n[5]);
        }
        try {
            return fast() ? viaAttributes(path) : viaMap(path);
        } catch (NoSuchFileException e) {
            return null;
        }
    }


    private static Info viaAttributes(Path path) throws IOException {
        PosixFileAttributes a = Files.readAttributes(path, PosixFileAttributes.class);
        FileTime ctime;
        DeviceInode key;
        try {
            ctime = (FileTime) CTIME.invokeExact((Object) a);
            key = new DeviceInode((long) DEV.invokeExact((Object) a), (long) INO.invokeExact((Object) a));
        } catch (ClassCastException e) {
            return viaMap(path); // another file system's attributes
        } catch (Throwable e) {
            throw new IllegalStateException("reading the ctime of " + path, e);
        }
        return new Info(key, a.isRegularFile(), a.isDirectory(), a.size(), nanos(a.lastModifiedTime()),
                nanos(ctime));
    }

    static Info viaMap(Path path) throws IOException {
        Map<String, Object> a = Files.readAttributes(path,
                "unix:dev,ino,size,lastModifiedTime,ctime,isRegularFile,isDirectory");
        return new Info(new DeviceInode((Long) a.get("dev"), (Long) a.get("ino")), (Boolean) a.get("isRegularFile"),
                (Boolean) a.get("isDirectory"),
                (Long) a.get("size"), nanos((FileTime) a.get("lastModifiedTime")), nanos((FileTime) a.get("ctime")));
    }

    private static long nanos(FileTime t) {
        return t.to(TimeUnit.NANOSECONDS);
    }

    /**
     * {@code UnixFileAttributes.<name>()} as {@code (Object) -> type}, or null when not opened to
     * us (or not there).
     */
    private static MethodHandle accessor(String name, Class<?> type) {
        try {
            Class<?> attributes = Class.forName("sun.nio.fs.UnixFileAttributes");
            Method m = attributes.getDeclaredMethod(name);
            m.setAccessible(true);
            return MethodHandles.lookup().unreflect(m).asType(MethodType.methodType(type, Object.class));
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null; // not Linux/Unix, or sun.nio.fs not opened: the map way
        }
    }
}
