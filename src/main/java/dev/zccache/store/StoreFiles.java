package dev.zccache.store;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
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

    /** Moves a finished file into place, replacing what was there in one step where possible. */
    static void publish(Path staged, Path target) throws IOException {
        try {
            Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException | FileAlreadyExistsException e) {
            Files.move(staged, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
