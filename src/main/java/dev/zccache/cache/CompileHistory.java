package dev.zccache.cache;

import java.nio.file.Path;
import java.util.Optional;

/** What the cache needs to know about earlier compiles to explain a miss. */
public interface CompileHistory {

    /** Nothing is remembered (tests). */
    CompileHistory NONE = output -> Optional.empty();

    /** The context key of the latest cacheable compile that wrote this output (an absolute path), if known. */
    Optional<String> previousContextKey(Path output);

    /**
     * Another working directory where the latest compile of the same output, relative to its
     * working directory, happened (another checkout of the project), if known.
     */
    default Optional<Path> otherDirectory(Path cwd, Path output) {
        return Optional.empty();
    }
}
