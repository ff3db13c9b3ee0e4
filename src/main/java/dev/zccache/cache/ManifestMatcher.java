package dev.zccache.cache;

import dev.zccache.store.Manifest;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.zccache.compiler.PathMap;
import dev.zccache.hash.FileDigest;
import dev.zccache.hash.FileStateCache;
import dev.zccache.hash.StatBatch;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Finds the manifest entry the files on disk agree with now. Costs a stat per listed file and
 * per directory that vouches for the absent paths while nothing changed; a file is re-read only
 * when its stat changed.
 *
 * <h2>Implementation notes</h2>
 * The first full check of an entry (per working directory) keeps its {@link Proof}: the memos
 * that vouched for each file's digest and the directories that vouched for each absence. While one
 * stat each shows them unchanged, the entry holds, with no digest lookups, no path resolution and
 * no per-candidate work (a closure of 60 headers has ~150 shadow candidates in 3–4 directories).
 * A file whose stat changed is digested again and, with its content unchanged (a touched
 * header, a checkout that rewrote it as it was), renews the proof. Anything else changed, or no
 * proof: the full check, which keeps a new proof when it passes. The stats of a proof go to the
 * kernel in one native call where {@link StatBatch} is available.
 */
final class ManifestMatcher {

    /**
     * Bytes of proofs kept (least recently used go first; theirs are checked the full way): a
     * C++ closure's proof, 240 headers with their batch's paths and expected stats, weighs ~27
     * KB, a small C file's ~3 KB.
     */
    static final long MAX_PROOF_BYTES = 64L << 20;

    private final FileStateCache files;
    private final AbsenceMemo absences;
    private final Cache<ProofKey, Proof> proofs;
    private final AtomicLong fullChecks = new AtomicLong();
    private final boolean batchStats;

    /**
     * {@code batchStats}: re-confirm proofs with one native call when it is available
     * ({@link StatBatch}); {@code maxProofBytes}: see {@link #MAX_PROOF_BYTES}.
     */
    ManifestMatcher(FileStateCache files, AbsenceMemo absences, boolean batchStats, long maxProofBytes) {
        this.files = files;
        this.absences = absences;
        this.batchStats = batchStats;
        this.proofs = Caffeine.newBuilder().maximumWeight(maxProofBytes)
                .weigher((ProofKey k, Proof p) -> p.weight()).executor(Runnable::run).build();
    }

    /** A matcher with the same memos and stat batching, and proofs (up to a megabyte) and counters of its own. */
    ManifestMatcher sibling() {
        return new ManifestMatcher(files, absences, batchStats, 1L << 20);
    }

    /** Drops every proof: each entry's next check is the full one. */
    void forgetProofs() {
        proofs.invalidateAll();
    }

    /** The entry that holds, or why the newest entry (the last compile's closure) does not. */
    public sealed interface Match {
    }

    public record Matched(String resultKey) implements Match {
    }

    /**
     * @param change what no longer holds (FILE_APPEARED: a file that would now be read instead of
     *     a recorded one; NO_ENTRIES: the manifest has no closure at all)
     * @param path the file, as the manifest names it (the variable's name for VARIABLE_CHANGED, ""
     *     for NO_ENTRIES)
     */
    public record NoMatch(Change change, String path) implements Match {
    }

    /** How the newest entry no longer holds. */
    public enum Change {
        FILE_CHANGED, FILE_MISSING, FILE_APPEARED, VARIABLE_CHANGED, NO_ENTRIES
    }

    private record ProofKey(String resultKey, Path cwd, PathMap paths) {
    }

    /**
     * What a full check of {@code entry} relied on: facts that each cost one stat to re-confirm.
     * Built only from facts outside the racy window, so they stay trustworthy while unchanged.
     * {@code fileMemos[i]} vouches for {@code entry.files().get(i)}; facts are numbered files
     * first, then directories, then missing paths (so in the batch too).
     */
    private record Proof(Manifest.Entry entry, FileStateCache.Memo[] fileMemos, AbsenceMemo.DirState[] dirs,
            Path[] missing, Optional<StatBatch> batch) {

        static Proof of(Manifest.Entry entry, List<FileStateCache.Memo> memos, AbsenceMemo.Witnesses absences,
                boolean batchStats) {
            Optional<StatBatch> batch = Optional.empty();
            if (batchStats) {
                StatBatch.Builder b = StatBatch.builder();
                memos.forEach(m -> b.file(m.path(), m.state()));
                absences.dirs().forEach(d -> b.directory(d.dir(), d.fileKey(), d.mtimeNanos(), d.ctimeNanos()));
                absences.missing().forEach(b::missing);
                batch = b.build();
            }
            return new Proof(entry, memos.toArray(FileStateCache.Memo[]::new),
                    absences.dirs().toArray(AbsenceMemo.DirState[]::new), absences.missing().toArray(Path[]::new),
                    batch);
        }

        /**
         * Re-confirms every fact with one stat. A file whose stat changed is digested again (the
         * memo's way) and, if it still has the recorded content, gets its new memo in the proof:
         * a touched header costs one digest instead of the full check. Null when that cannot
         * settle it: changed content, a missing file, a changed directory or a path no longer
         * missing (an absent path may have appeared), all for the full check to answer.
         */
        Renewal renew(FileStateCache files) throws IOException {
            int[] changed = changedFacts();
            if (changed.length == 0) {
                return new Renewal(this);
            }
            FileStateCache.Memo[] memos = fileMemos.clone();
            FileStateCache.FileState[] states = new FileStateCache.FileState[changed.length];
            for (int k = 0; k < changed.length; k++) {
                int i = changed[k];
                if (i >= memos.length) {
                    return null; // a directory, or a path that was missing
                }
                String recorded = entry.files().get(i).digest();
                Path path = memos[i].path();
                Optional<FileDigest> now = files.digest(path);
                if (now.isEmpty() || !now.get().hex().equals(recorded)) {
                    return null;
                }
                Optional<FileStateCache.Memo> memo = files.memo(path).filter(m -> m.digest().hex().equals(recorded));
                if (memo.isEmpty()) {
                    return Renewal.UNPROVEN; // changed within the racy window: holds now, proves nothing later
                }
                memos[i] = memo.get();
                states[k] = memo.get().state();
            }
            return new Renewal(new Proof(entry, memos, dirs, missing, batch.map(b -> b.expecting(changed, states))));
        }

        /** Roughly what the proof holds on to alone (the memos are shared with the memo cache). */
        int weight() {
            long refs = 16L * (fileMemos.length + dirs.length + missing.length);
            long paths = 64L * missing.length; // its own Path objects
            return (int) Math.min(Integer.MAX_VALUE, 128 + refs + paths + batch.map(StatBatch::bytes).orElse(0));
        }

        /** Indices of the facts one stat shows changed: files, then directories, then missing paths. */
        private int[] changedFacts() throws IOException {
            if (batch.isPresent()) {
                return batch.get().changed();
            }
            List<Integer> changed = new ArrayList<>();
            for (int i = 0; i < fileMemos.length; i++) {
                if (!fileMemos[i].stillHolds()) {
                    changed.add(i);
                }
            }
            for (int j = 0; j < dirs.length; j++) {
                if (!dirs[j].stillHolds()) {
                    changed.add(fileMemos.length + j);
                }
            }
            for (int k = 0; k < missing.length; k++) {
                if (!AbsenceMemo.missing(missing[k])) {
                    changed.add(fileMemos.length + dirs.length + k);
                }
            }
            return changed.stream().mapToInt(Integer::intValue).toArray();
        }
    }

    /** The entry holds; {@code next} is the proof to keep for it, null when none can be kept. */
    private record Renewal(Proof next) {
        static final Renewal UNPROVEN = new Renewal(null);
    }

    /**
     * Resolving relative paths against cwd: the first entry that still holds, else why the newest
     * does not. An entry that recorded variables holds only for a caller with the same values;
     * the newest entry with the caller's values is the one a miss is explained by (a file changed
     * since it), a variable only when no entry has them.
     */
    public Match match(Manifest manifest, Path cwd, PathMap paths, Map<String, String> env) throws IOException {
        NoMatch newest = null;
        NoMatch newestVariable = null; // said only when no entry has the caller's values
        for (Manifest.Entry entry : manifest.entries()) {
            NoMatch variable = variableChanged(entry, env, paths);
            if (variable != null) {
                if (newestVariable == null) {
                    newestVariable = variable;
                }
                continue;
            }
            ProofKey key = new ProofKey(entry.resultKey(), cwd, paths);
            Proof proof = proofs.getIfPresent(key);
            Renewal renewal = proof != null && proof.entry() == entry ? proof.renew(files) : null;
            if (renewal != null) {
                if (renewal.next() == null) {
                    proofs.invalidate(key);
                } else if (renewal.next() != proof) {
                    proofs.put(key, renewal.next());
                }
                return new Matched(entry.resultKey());
            }
            NoMatch why = check(entry, key);
            if (why == null) {
                return new Matched(entry.resultKey());
            }
            if (newest == null) {
                newest = why;
            }
        }
        if (newest != null) {
            return newest;
        }
        return newestVariable != null ? newestVariable : new NoMatch(Change.NO_ENTRIES, "");
    }

    private static NoMatch variableChanged(Manifest.Entry entry, Map<String, String> env, PathMap paths) {
        for (Manifest.VariableRecord v : entry.variablesOrNone()) {
            if (!Objects.equals(paths.text(env.get(v.name())), v.value())) {
                return new NoMatch(Change.VARIABLE_CHANGED, v.name());
            }
        }
        return null;
    }

    /**
     * The memos held for these files whose stat, taken now in one native call, is still theirs
     * (what {@link FileStateCache#digest} would answer from them); null elsewhere: no memo, a
     * changed file, or no native stats (then every file goes the one-at-a-time way).
     */
    private FileStateCache.Memo[] unchangedMemos(Path[] paths) {
        FileStateCache.Memo[] memos = new FileStateCache.Memo[paths.length];
        if (!batchStats || !StatBatch.available()) {
            return memos;
        }
        StatBatch.Builder b = StatBatch.builder();
        int[] index = new int[paths.length];
        int n = 0;
        for (int i = 0; i < paths.length; i++) {
            Optional<FileStateCache.Memo> m = files.memo(paths[i]);
            if (m.isPresent()) {
                memos[i] = m.get();
                b.file(paths[i], m.get().state());
                index[n++] = i;
            }
        }
        Optional<StatBatch> batch = b.build();
        if (batch.isEmpty()) {
            return new FileStateCache.Memo[paths.length];
        }
        for (int changed : batch.get().changed()) {
            memos[index[changed]] = null;
        }
        return memos;
    }

    /** How many entry checks went the full way (no proof, or something had changed). */
    public long fullChecks() {
        return fullChecks.get();
    }

    /** The full check; keeps a proof when the entry holds and every fact used can be trusted later. */
    private NoMatch check(Manifest.Entry entry, ProofKey key) throws IOException {
        fullChecks.incrementAndGet();
        Path cwd = key.cwd();
        List<Manifest.FileRecord> records = entry.files();
        Path[] paths = new Path[records.size()];
        for (int i = 0; i < paths.length; i++) {
            paths[i] = key.paths().resolve(cwd, records.get(i).path());
        }
        FileStateCache.Memo[] unchanged = unchangedMemos(paths);
        List<FileStateCache.Memo> used = new ArrayList<>(records.size());
        for (int i = 0; i < paths.length; i++) {
            Manifest.FileRecord f = records.get(i);
            Path path = paths[i];
            if (unchanged[i] != null && unchanged[i].digest().hex().equals(f.digest())) {
                used.add(unchanged[i]); // its stat, just taken, is the memo's: the digest holds
                continue;
            }
            Optional<FileDigest> now = files.digest(path);
            if (now.isEmpty()) {
                return new NoMatch(Change.FILE_MISSING, f.path());
            }
            if (!now.get().hex().equals(f.digest())) {
                return new NoMatch(Change.FILE_CHANGED, f.path());
            }
            // the memo now held: a fact only if it is of this digest (another thread may have put a newer one)
            files.memo(path).filter(m -> m.digest().hex().equals(f.digest())).ifPresent(used::add);
        }
        AbsenceMemo.Pass pass = absences.pass();
        for (String absent : entry.absentPaths()) {
            if (!pass.stillAbsent(key.paths().resolve(cwd, absent))) {
                return new NoMatch(Change.FILE_APPEARED, absent);
            }
        }
        if (used.size() == entry.files().size()) {
            proofs.put(key, Proof.of(entry, used, pass.witnesses(), batchStats));
        } else {
            proofs.invalidate(key);
        }
        return null;
    }
}
