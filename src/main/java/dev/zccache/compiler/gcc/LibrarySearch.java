package dev.zccache.compiler.gcc;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Where the linker would find another library in place of one it read. */
final class LibrarySearch {

    private LibrarySearch() {
    }

    /**
     * For a library ({@code libX.a}, {@code libX.so}, {@code libX.so.N}) in one of the search
     * directories: {@code libX.so} and {@code libX.a} in every earlier directory, and the shared
     * object beside an archive (preferred unless linking statically). Nothing for a file outside
     * the search list (an object or start file named by path).
     */
    static List<Path> shadowsOf(Path file, List<Path> dirs) {
        String name = file.getFileName().toString();
        Path dir = file.getParent();
        if (!name.startsWith("lib") || dir == null) {
            return List.of();
        }
        String stem;
        if (name.endsWith(".a")) {
            stem = name.substring(0, name.length() - 2);
        } else if (name.contains(".so")) {
            stem = name.substring(0, name.indexOf(".so"));
        } else {
            return List.of();
        }
        int at = dirs.indexOf(dir.normalize());
        if (at < 0) {
            return List.of();
        }
        List<Path> out = new ArrayList<>();
        for (int i = 0; i <= at; i++) {
            for (String candidate : List.of(stem + ".so", stem + ".a")) {
                Path p = dirs.get(i).resolve(candidate);
                if (!p.equals(file)) {
                    out.add(p);
                }
            }
        }
        return out;
    }
}
