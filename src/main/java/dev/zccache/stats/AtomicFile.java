package dev.zccache.stats;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** A small state file (stats.json, sessions.json) replaced in one step: a reader sees old or new, never half. */
public final class AtomicFile {

    private AtomicFile() {
    }

    /** Writes {@code bytes} beside {@code file}, then renames them over it. */
    public static void replace(Path file, byte[] bytes) throws IOException {
        Path staged = file.resolveSibling(file.getFileName() + ".tmp");
        Files.write(staged, bytes);
        Files.move(staged, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
