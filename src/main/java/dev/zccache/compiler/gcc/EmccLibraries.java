package dev.zccache.compiler.gcc;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * How emcc finds a {@code -lX} library that is not one of its own: {@code libX.a}, then
 * {@code libX.dylib}, then {@code libX.so}, each in every {@code -L} directory in order (the
 * suffix first, as emcc.py's process_libraries does).
 */
final class EmccLibraries {

    private static final List<String> SUFFIXES = List.of(".a", ".dylib", ".so");

    private EmccLibraries() {
    }

    /** The file emcc links for {@code -l<name>}, or null (one of emcc's own, or wasm-ld's to find). */
    static Path find(List<Path> dirs, String name) {
        for (String suffix : SUFFIXES) {
            for (Path dir : dirs) {
                Path p = dir.resolve("lib" + name + suffix);
                if (Files.isRegularFile(p)) {
                    return p;
                }
            }
        }
        return null;
    }
}
