package dev.zccache.cache;

import dev.zccache.compiler.gcc.IncludeSearch;
import dev.zccache.hash.FileDigest;
import dev.zccache.hash.FileStateCache;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Turns the include closure a compile reported (its dependency file) into a manifest entry: each
 * file with its digest, and each path where a new header could later shadow one of them. Refuses
 * when a file changed while the compiler ran or uses a time macro: storing then could serve a
 * result no compile of the current files would give.
 */
public final class ClosureRecorder {

    /**
     * File timestamps come from a coarse kernel clock (a tick of up to 10 ms): a write just after
     * the compile started can carry a time slightly before it.
     */
    static final long TIMESTAMP_SLACK_NANOS = 20_000_000L;

    private final FileStateCache files;
    private final TimeMacroMemo timeMacros;

    public ClosureRecorder(FileStateCache files, TimeMacroMemo timeMacros) {
        this.files = files;
        this.timeMacros = timeMacros;
    }

    public sealed interface Outcome {
    }

    /** @param files the closure as recorded (absolute paths, digests) */
    public record Recorded(List<Manifest.FileRecord> files, List<String> absentPaths) implements Outcome {
    }

    public record Refused(String reason, String detail) implements Outcome {
    }

    /**
     * @param prerequisites the dependency file's prerequisites (the source first), as written
     * @param compileStartNanos wall-clock time (ns since the epoch) just before the compiler started
     * @param search the include chain, for shadow candidates
     * @param timeMacrosPinned SOURCE_DATE_EPOCH is set (and keyed): time macros are reproducible
     */
    public Outcome record(List<String> prerequisites, Path cwd, long compileStartNanos, IncludeSearch search,
            boolean timeMacrosPinned) throws IOException {
        if (prerequisites.isEmpty()) {
            return new Refused("no-dependencies", "the compiler reported no input files");
        }
        List<Manifest.FileRecord> records = new ArrayList<>(prerequisites.size());
        Set<String> absent = new LinkedHashSet<>();
        Set<String> seen = new LinkedHashSet<>();
        List<Path> chain = search.quoteChain();
        for (int i = 0; i < prerequisites.size(); i++) {
            Path file = cwd.resolve(prerequisites.get(i));
            if (!seen.add(file.toString())) {
                continue;
            }
            OptionalLong changed = FileStateCache.changedAt(file);
            if (changed.isEmpty()) {
                return new Refused("input-missing", file + " is gone after the compile");
            }
            if (changed.getAsLong() >= compileStartNanos - TIMESTAMP_SLACK_NANOS) {
                return new Refused("input-changed-during-compile", file.toString());
            }
            Optional<FileDigest> digest = files.digest(file);
            if (digest.isEmpty()) {
                return new Refused("input-missing", file.toString());
            }
            if (!timeMacrosPinned) {
                Optional<String> macro = timeMacros.find(file, digest.get().hex());
                if (macro.isPresent()) {
                    return new Refused("time-macros", macro.get() + " in " + file);
                }
            }
            records.add(new Manifest.FileRecord(file.toString(), digest.get().hex()));
            if (i > 0) {
                for (Path candidate : ShadowCandidates.absentBefore(chain, file)) {
                    absent.add(candidate.toString());
                }
            }
        }
        return new Recorded(List.copyOf(records), List.copyOf(absent));
    }
}
