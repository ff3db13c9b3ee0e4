package dev.zccache.cache;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Of the paths where a new file would take the place of one a call read, those absent when it
 * ran: a present one means the file was not found by that search (for example it was found next
 * to its includer), so it cannot take its place later either.
 */
final class ShadowCandidates {

    private ShadowCandidates() {
    }

    /**
     * @param known answers "nothing at all is there" from its directory stats where it can; where
     *     something is there, whether it opens decides (a dangling symlink is absent for a compiler)
     */
    static List<Path> absent(List<Path> candidates, Path found, AbsenceMemo.Pass known) throws IOException {
        Path file = found.normalize();
        List<Path> out = new ArrayList<>(candidates.size());
        for (Path c : candidates) {
            Path candidate = c.normalize();
            if (!candidate.equals(file) && (known.stillAbsent(candidate) || !Files.exists(candidate))) {
                out.add(candidate);
            }
        }
        return out;
    }
}
