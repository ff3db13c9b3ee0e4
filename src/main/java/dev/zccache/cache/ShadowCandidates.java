package dev.zccache.cache;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a header could appear later and shadow the one a compile used: the same relative name in
 * every search directory that comes before the one it was found in. Only candidates absent when
 * the compile ran are kept; a present one means the header was not found by that search (for
 * example through the includer's own directory) and cannot shadow it.
 */
final class ShadowCandidates {

    private ShadowCandidates() {
    }

    public static List<Path> absentBefore(List<Path> chain, Path found) {
        Path header = found.normalize();
        for (int i = 0; i < chain.size(); i++) {
            Path dir = chain.get(i);
            if (header.startsWith(dir) && !header.equals(dir)) {
                Path rel = dir.relativize(header);
                List<Path> out = new ArrayList<>();
                for (Path earlier : chain.subList(0, i)) {
                    Path candidate = earlier.resolve(rel);
                    if (!candidate.equals(header) && !Files.exists(candidate)) {
                        out.add(candidate);
                    }
                }
                return out;
            }
        }
        return List.of(); // found outside the search list: by its own path or next to its includer
    }
}
