package dev.zccache.daemon;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One daemon per cache dir: a POSIX record lock on {@code daemon.lock}, held for the life of
 * the process and released by the kernel however it ends. The launcher asks the kernel who
 * holds it (F_GETLK) to learn the daemon's pid; the file also holds the pid, for humans.
 */
public final class DaemonLock {

    private final FileChannel channel;
    private final FileLock lock;

    private DaemonLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** The lock, or null when another live process holds it. */
    public static DaemonLock tryAcquire(Path cacheDir) throws IOException {
        FileChannel channel = FileChannel.open(cacheDir.resolve("daemon.lock"), StandardOpenOption.CREATE,
                StandardOpenOption.READ, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        if (lock == null) {
            channel.close();
            return null;
        }
        channel.truncate(0);
        channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
        return new DaemonLock(channel, lock);
    }
}
