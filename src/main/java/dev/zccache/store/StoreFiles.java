package dev.zccache.store;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

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
