package dev.zccache.cache;

import dev.zccache.hash.FileDigest;
import dev.zccache.hash.FileStateCache;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds the manifest entry the files on disk agree with now. Costs a stat per listed file and
 * per shadow directory while nothing changed; a file is re-read only when its stat changed.
 */
public final class ManifestMatcher {

    private final FileStateCache files;
    private final AbsenceMemo absences;

    public ManifestMatcher(FileStateCache files, AbsenceMemo absences) {
        this.files = files;
        this.absences = absences;
    }

    /** The result key of the first entry that still holds, resolving relative paths against cwd. */
    public Optional<String> match(Manifest manifest, Path cwd) throws IOException {
        for (Manifest.Entry entry : manifest.entries()) {
            if (holds(entry, cwd)) {
                return Optional.of(entry.resultKey());
            }
        }
        return Optional.empty();
    }

    private boolean holds(Manifest.Entry entry, Path cwd) throws IOException {
        for (Manifest.FileRecord f : entry.files()) {
            Optional<FileDigest> now = files.digest(cwd.resolve(f.path()));
            if (now.isEmpty() || !now.get().hex().equals(f.digest())) {
                return false;
            }
        }
        AbsenceMemo.Pass pass = absences.pass();
        for (String absent : entry.absentPaths()) {
            if (!pass.stillAbsent(cwd.resolve(absent))) {
                return false;
            }
        }
        return true;
    }
}
