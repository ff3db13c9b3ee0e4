package dev.zccache.compiler;

import java.nio.file.Path;

/** Private files for one miss (injected dependency files…), deleted by the caller when it ends. */
@FunctionalInterface
public interface Scratch {

    /** A new path in the store's tmp directory, not yet created. */
    Path newFile(String suffix);
}
