package dev.zccache.hash;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.OptionalLong;
import java.util.Set;

/**
 * "Now" on the clock file timestamps come from: the change time of a file changed now. The
 * kernel stamps files from a coarse clock (a tick of up to 10 ms behind the precise one), so a
 * file written after a moment read from the precise clock can carry an earlier time; against a
 * mark from the file clock itself, a file that changed after the mark never looks older than it.
 * A file changed before the mark but in the same tick looks as old as the mark, and must be
 * taken as changed after it. Linux 6.13+ (multigrain timestamps) stamps the change of a file
 * whose times were just asked for from the precise clock and keeps every later stamp at or
 * above it, so the mark is a file asked for, then changed: there, only a change after
 * the mark is at or above it; elsewhere the same rule errs on the side of "changed".
 */
public final class FileClock {

    private FileClock() {
    }

    /** The marking file, in the scratch directory: kept, so that a mark costs no file creation. */
    public static final String MARK = "clock.mark";

    /**
     * The file clock's time now (ns since the epoch): a file whose change time is earlier was
     * last changed before this call. Calls at once may share one change of the mark: each then
     * returns a time at or after its own call began, and a change after it returns is never older.
     *
     * @param scratch the directory to keep the marking file in, on the filesystem whose clock is
     *     meant (all local filesystems share the kernel's)
     */
    public static long now(Path scratch) throws IOException {
        Path mark = scratch.resolve(MARK);
        for (int attempt = 0; ; attempt++) {
            try {
                // asked for: its next change gets a precise stamp where the kernel can
                if (FileStat.follow(mark) == null) {
                    create(mark);
                }
                // a change of its mode changes its ctime, even to the mode it has, and needs no
                // data block (a full disk)
                Files.setPosixFilePermissions(mark, READ_ONLY);
                OptionalLong changed = FileStateCache.changedAt(mark);
                if (changed.isPresent()) {
                    return changed.getAsLong();
                }
            } catch (NoSuchFileException removed) {
                // removed meanwhile (tmp/ cleaned): made again below
            }
            if (attempt > 0) {
                throw new IOException(mark + " vanished");
            }
        }
    }

    private static final Set<PosixFilePermission> READ_ONLY = PosixFilePermissions.fromString("r--------");

    private static void create(Path mark) throws IOException {
        try {
            Files.createFile(mark, PosixFilePermissions.asFileAttribute(READ_ONLY));
        } catch (FileAlreadyExistsException raced) {
            // another call made it
        }
    }
}
