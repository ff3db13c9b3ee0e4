package dev.zccache.cache;

import dev.zccache.store.Manifest;
import dev.zccache.compiler.LearntInputs;
import dev.zccache.compiler.Refusal;
import dev.zccache.hash.FileClock;
import dev.zccache.hash.FileDigest;
import dev.zccache.hash.FileStateCache;
import dev.zccache.outcome.Reason;
import java.io.IOException;
import dev.zccache.compiler.PathMap;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Optional;
import java.util.Set;

/**
 * Turns the inputs a miss learnt from the tool (a compile's dependency file) into a manifest
 * entry: each file with its digest, and each path where a new file could later shadow one of
 * them. Refuses when a file changed while the tool ran or breaks the family's content rule (a
 * time macro): storing then could serve a result no run on the current files would give.
 */
public final class ClosureRecorder {

    private final FileStateCache files;
    private final AbsenceMemo absences;
    private final ContentRuleMemo contentRules;

    /**
     * @param absences the memo lookups validate absent paths with: a path it knows absent under an
     *     unchanged directory needs no stat of its own (a closure's shadow candidates are mostly the
     *     same system header names in the same few directories, compile after compile)
     */
    ClosureRecorder(FileStateCache files, AbsenceMemo absences) {
        this.files = files;
        this.absences = absences;
        this.contentRules = new ContentRuleMemo();
    }

    public sealed interface Outcome {
    }

    /**
     * @param files the closure as recorded (absolute paths, digests)
     * @param variables the variables the tool said it read, with this call's values
     */
    public record Recorded(List<Manifest.FileRecord> files, List<String> absentPaths,
            List<Manifest.VariableRecord> variables) implements Outcome {
    }

    public record Refused(Refusal refusal) implements Outcome {
    }

    /**
     * @param inputs what the family learnt: the files (main input first) as the tool named them,
     *     the search chain for shadow candidates, the content rule
     * @param env the environment the tool ran with (the values of the variables it read)
     * @param compileStartNanos the file clock's time just before the tool started ({@link FileClock}):
     *     a file changed at or after it may have changed while the tool read it
     */
    public Outcome record(LearntInputs.Inputs inputs, Path cwd, PathMap paths, Map<String, String> env,
            long compileStartNanos) throws IOException {
        // no files is a closure too (ranlib: its one input, the archive, is in the key)
        List<String> prerequisites = inputs.files();
        List<Manifest.FileRecord> records = new ArrayList<>(prerequisites.size());
        Set<String> absent = new LinkedHashSet<>();
        Set<String> seen = new LinkedHashSet<>();
        AbsenceMemo.Pass absencePass = absences.pass();
        for (int i = 0; i < prerequisites.size(); i++) {
            Path file = cwd.resolve(prerequisites.get(i));
            if (!seen.add(file.toString())) {
                continue;
            }
            // the stat the digest holds for: a change after the compile started shows in it, also
            // one made while the digest was being taken
            Optional<FileStateCache.Stated> stated = files.stated(file);
            if (stated.isEmpty()) {
                return refused(Reason.INPUT_MISSING, file + " is gone after the compile");
            }
            if (stated.get().changedAt() >= compileStartNanos) {
                return refused(Reason.INPUT_CHANGED_DURING_COMPILE, file.toString());
            }
            FileDigest digest = stated.get().digest();
            Optional<ContentRuleMemo.Finding> finding = contentRules.find(inputs.contentRules(), file, digest.hex());
            if (finding.isPresent()) {
                return refused(finding.get().rule().refusal(), finding.get().text() + " in " + file);
            }
            records.add(new Manifest.FileRecord(paths.relative(file.toString()), digest.hex()));
            if (i > 0) {
                List<Path> candidates = inputs.shadows().of(file.normalize());
                for (Path candidate : ShadowCandidates.absent(candidates, file, absencePass)) {
                    absent.add(paths.relative(candidate.toString()));
                }
            }
        }
        Map<String, Manifest.VariableRecord> variables = new TreeMap<>();
        for (String name : inputs.variables()) {
            // remapped like the paths: an entry is stored only if no output names the base (MissCompile)
            variables.put(name, new Manifest.VariableRecord(name, paths.text(env.get(name))));
        }
        return new Recorded(List.copyOf(records), List.copyOf(absent), List.copyOf(variables.values()));
    }

    private static Refused refused(Reason reason, String detail) {
        return new Refused(new Refusal(reason, detail));
    }
}
