package dev.zccache.hash;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * "Now" on the clock file timestamps come from: the change time of a file changed now. The
 * kernel stamps files from a coarse clock (a tick of up to 10 ms behind the precise one), so a
 * file written after a moment read from the precise clock can carry an earlier time; against a
 * mark from the file clock itself, a file that changed after the mark never looks older than it.
 * A file changed before the mark but in the same tick looks as old as the mark, and must be
 * taken as changed after it. Linux 6.13+ (multigrain timestamps) stamps the change of a file
 * whose times were just asked for from the precise clock and keeps every later stamp at or
 * above it, so the mark is a file created, asked for, then changed: there, only a change after
 * the mark is at or above it; elsewhere the same rule errs on the side of "changed".
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
            FileStat.follow(mark); // asked for: its next change gets a precise stamp where the kernel can
            // a change of its mode changes its ctime and needs no data block (a full disk)
            Files.setPosixFilePermissions(mark, PosixFilePermissions.fromString("r--------"));
            return FileStateCache.changedAt(mark).orElseThrow(() -> new IOException(mark + " vanished"));
        } finally {
            Files.deleteIfExists(mark);
        }
    }
}
