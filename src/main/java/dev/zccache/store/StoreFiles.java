package dev.zccache.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/** What every store file shares: a sharded name from a 64-hex key, and publish by rename. */
final class StoreFiles {

    private StoreFiles() {
    }

    /** {@code <root>/ab/cdef…<suffix>}; anything but 64 lowercase hex digits is refused. */
    static Path shard(Path root, String key, String suffix) {
        if (key.length() != 64 || !key.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
            throw new IllegalArgumentException("not a 64-hex key: " + key);
        }
        return root.resolve(key.substring(0, 2)).resolve(key.substring(2) + suffix);
    }

    /**
     * Moves a finished file into place, replacing what was there in one step where possible. The
     * shard directory is made only when the move finds it missing: asking first on every write
     * (a mkdir that fails, and its exception) cost as much as the write itself.
     */
    static void publish(Path staged, Path target) throws IOException {
        try {
            move(staged, target);
        } catch (NoSuchFileException noShard) {
            Files.createDirectories(target.getParent());
            move(staged, target);
        }
    }

    /** The name of shard {@code n} (0 to 255): its keys' first two hex digits. */
    static String shardName(int n) {
        return String.format("%02x", n);
    }

    /**
     * Makes every shard directory of an empty kind directory ({@code 00} to {@code ff}). After a
     * clear, a build's first write to each shard made it: a mkdir (and the exception of the rename
     * before it) per entry of a cold build, each slowed by ext4's search for an inode not recently
     * freed, right after the clear freed thousands.
     */
    static void createShards(Path kindDir) throws IOException {
        for (int i = 0; i < 256; i++) {
            try {
                Files.createDirectory(kindDir.resolve(shardName(i)));
            } catch (FileAlreadyExistsException there) {
                // made by a write meanwhile
            }
        }
    }

    /**
     * Has the file system commit what was removed under {@code dir}: an fsync of a directory
     * commits ext4's journal, so the journal writes of a clear's thousands of removals happen in
     * the clear, not in the build that follows it.
     */
    static void commitRemovals(Path dir) throws IOException {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        }
    }

    /** A file's size, or -1 when there is none (without an exception's cost: most writes are of new files). */
    static long sizeOrAbsent(Path file) {
        java.io.File f = file.toFile();
        long size = f.length();
        return size > 0 || f.exists() ? size : -1;
    }

    private static void move(Path staged, Path target) throws IOException {
        try {
            Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException | FileAlreadyExistsException e) {
            Files.move(staged, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
