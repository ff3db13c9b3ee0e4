package dev.zccache.hash;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * "Now" on the clock file timestamps come from: the change time of a file created now. The
 * kernel stamps files from a coarse clock (a tick of up to 10 ms behind the precise one), so a
 * file written after a moment read from the precise clock can carry an earlier time; against a
 * mark from the file clock itself, a file that changed after the mark never looks older than it.
 */
public final class FileClock {

    private FileClock() {
    }

    /**
     * The file clock's time now (ns since the epoch): a file whose change time is earlier was
     * last changed before this call.
     *
     * @param scratch a directory to create (and delete) the marking file in, on the filesystem
     *     whose clock is meant (all local filesystems share the kernel's)
     */
    public static long now(Path scratch) throws IOException {
        Path mark = Files.createTempFile(scratch, "clock-", "");
        try {
            return FileStateCache.changedAt(mark).orElseThrow(() -> new IOException(mark + " vanished"));
        } finally {
            Files.deleteIfExists(mark);
        }
    }
}
