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

    /** The entry that holds, or why the newest entry (the last compile's closure) does not. */
    public sealed interface Match {
    }

    public record Matched(String resultKey) implements Match {
    }

    /**
     * @param reason {@code file-changed}, {@code file-missing} or {@code file-appeared} (a file
     *     that would now be included instead of a recorded one)
     * @param path the file, as the manifest names it
     */
    public record NoMatch(String reason, String path) implements Match {
    }

    /** Resolving relative paths against cwd: the first entry that still holds, else why the newest does not. */
    public Match match(Manifest manifest, Path cwd) throws IOException {
        NoMatch newest = null;
        for (Manifest.Entry entry : manifest.entries()) {
            NoMatch why = check(entry, cwd);
            if (why == null) {
                return new Matched(entry.resultKey());
            }
            if (newest == null) {
                newest = why;
            }
        }
        return newest == null ? new NoMatch("no-entries", "") : newest;
    }

    private NoMatch check(Manifest.Entry entry, Path cwd) throws IOException {
        for (Manifest.FileRecord f : entry.files()) {
            Optional<FileDigest> now = files.digest(cwd.resolve(f.path()));
            if (now.isEmpty()) {
                return new NoMatch("file-missing", f.path());
            }
            if (!now.get().hex().equals(f.digest())) {
                return new NoMatch("file-changed", f.path());
            }
        }
        AbsenceMemo.Pass pass = absences.pass();
        for (String absent : entry.absentPaths()) {
            if (!pass.stillAbsent(cwd.resolve(absent))) {
                return new NoMatch("file-appeared", absent);
            }
        }
        return null;
    }
}
