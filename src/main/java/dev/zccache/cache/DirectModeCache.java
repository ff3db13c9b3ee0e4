package dev.zccache.cache;

import dev.zccache.compiler.CompilerIdentities;
import dev.zccache.compiler.CompilerIdentity;
import dev.zccache.compiler.gcc.DepFile;
import dev.zccache.compiler.gcc.DepFileRequest;
import dev.zccache.compiler.gcc.DepFileTarget;
import dev.zccache.compiler.gcc.GccArguments;
import dev.zccache.compiler.gcc.GccInvocation;
import dev.zccache.compiler.gcc.IncludeSearch;
import dev.zccache.compiler.gcc.SideOutput;
import dev.zccache.protocol.Reply;
import dev.zccache.protocol.ReplySink;
import dev.zccache.runner.CompilerRunner;
import dev.zccache.stats.CompileOutcome;
import dev.zccache.store.LocalStore;
import dev.zccache.store.OutputFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Direct-mode caching of one GCC/Clang compile: look the compile up by its context key and the
 * manifest's include closures; on a hit deliver the stored outputs; on a miss run the compiler
 * once (identical concurrent misses wait for it), learn its closure from a dependency file and
 * publish the result.
 *
 * <h2>Implementation notes</h2>
 * <h3>Learning the closure</h3>
 * Without a dependency request of the user's, the compile gets {@code -MD -MF <tmp file>}, which
 * leaves the object's bytes alone (checked with gcc and clang, also with -g). With -MD the user's
 * own file lists every header. With -MMD it lacks system headers and gcc writes only one
 * dependency file, so a second, preprocessor-only run ({@code -M}) lists them; only misses pay it.
 * <h3>Failures</h3>
 * Any I/O failure of the cache itself makes the compile run uncached (counted as an error): a
 * build never fails because of the cache. Before anything is run, uncacheable calls go back to
 * the launcher, which runs them with less overhead than the daemon.
 */
public final class DirectModeCache {

    private static final Logger log = LoggerFactory.getLogger(DirectModeCache.class);
    private static final byte[] EMPTY = new byte[0];
    private static final String OBJECT = "object";
    private static final String DEPFILE = "depfile";

    private final LocalStore store;
    private final CompilerIdentities identities;
    private final ContextKeys contextKeys;
    private final ManifestMatcher matcher;
    private final ClosureRecorder recorder;
    private final CompilerRunner runner;
    private final CompileHistory history;
    private final SingleFlight<String, Compiled> flights = new SingleFlight<>();
    private final AtomicLong serial = new AtomicLong();

    public DirectModeCache(LocalStore store, CompilerIdentities identities, ContextKeys contextKeys,
            ManifestMatcher matcher, ClosureRecorder recorder, CompilerRunner runner, CompileHistory history) {
        this.store = store;
        this.identities = identities;
        this.contextKeys = contextKeys;
        this.matcher = matcher;
        this.recorder = recorder;
        this.runner = runner;
        this.history = history;
    }

    /** One compile as the daemon sees it. */
    public record Job(String compiler, List<String> argv, Path cwd, Map<String, String> env, int umask,
            GccInvocation invocation) {
    }

    /** The reply for the launcher and what became of the compile (for stats, journal, explain). */
    public record Compiled(Reply reply, CompileOutcome outcome) {

        /** Not cacheable, known before anything ran: the launcher runs it, with the reason. */
        public static Compiled uncacheable(String reason, String detail) {
            return new Compiled(new Reply.RunLocally("uncacheable: " + reason + " (" + detail + ")"),
                    CompileOutcome.uncacheable(reason, detail));
        }
    }

    /** A lookup's answer: a hit already delivered, or why there was none. */
    private sealed interface Lookup {
    }

    private record Hit(long savedMillis) implements Lookup {
    }

    private record Miss(String reason, String detail) implements Lookup {
    }

    public Compiled compile(Job job, ReplySink sink) {
        CompilerIdentity compiler;
        ContextKey key;
        Miss miss;
        try {
            Optional<String> notAFile = outputsNotRegularFiles(job);
            if (notAFile.isPresent()) {
                return Compiled.uncacheable("output-not-a-file", notAFile.get());
            }
            Optional<CompilerIdentity> id = identities.identify(Path.of(job.compiler()));
            if (id.isEmpty()) {
                return Compiled.uncacheable("compiler-unidentified", job.compiler() + " does not answer --version");
            }
            compiler = id.get();
            ContextKeys.Outcome built = contextKeys.build(compiler, job.invocation(), job.cwd(), job.env());
            if (built instanceof ContextKeys.Refused r) {
                return Compiled.uncacheable(r.reason(), r.detail());
            }
            key = ((ContextKeys.Built) built).key();
            Lookup lookup = lookup(job, key, sink);
            if (lookup instanceof Hit h) {
                return hit(h, key);
            }
            miss = (Miss) lookup;
        } catch (IOException | RuntimeException e) {
            log.warn("cache lookup failed for {}; compiling without the cache", job.invocation().source(), e);
            return new Compiled(runUncached(job, sink), CompileOutcome.error("lookup-failed", e.toString()));
        }
        try {
            SingleFlight.Outcome<Compiled> outcome = flights.run(key.key(),
                    () -> missAndPublish(job, compiler, key, miss, sink));
            if (outcome.leader()) {
                return outcome.value();
            }
            // an identical compile just ran: its result is stored unless it failed or was refused
            Lookup again = lookup(job, key, sink);
            if (again instanceof Hit h) {
                return hit(h, key);
            }
            return missAndPublish(job, compiler, key, miss, sink);
        } catch (Exception e) {
            log.warn("cached compile failed for {}; compiling without the cache", job.invocation().source(), e);
            return new Compiled(runUncached(job, sink), CompileOutcome.error("cache-failed", e.toString()));
        }
    }

    private static Compiled hit(Hit h, ContextKey key) {
        return new Compiled(new Reply.Exit(0), CompileOutcome.hit(h.savedMillis(), key.key()));
    }

    private Reply runUncached(Job job, ReplySink sink) {
        return runner.run(job.argv(), job.cwd(), childEnv(job), sink);
    }

    // ---- hit ------------------------------------------------------------------------------

    private Lookup lookup(Job job, ContextKey key, ReplySink sink) throws IOException {
        Optional<Manifest> manifest = store.manifest(key.key());
        if (manifest.isEmpty()) {
            return newContext(job, key);
        }
        ManifestMatcher.Match match = matcher.match(manifest.get(), job.cwd());
        if (match instanceof ManifestMatcher.NoMatch no) {
            return closureChanged(job, no);
        }
        String resultKey = ((ManifestMatcher.Matched) match).resultKey();
        Optional<ResultEntry> entry = store.result(resultKey);
        if (entry.isEmpty()) {
            return new Miss("entry-evicted", "the stored result of this exact compile was evicted (size budget)"
                    + " or removed");
        }
        return deliver(job, resultKey, entry.get(), sink)
                ? new Hit(entry.get().compileMillis())
                : new Miss("entry-damaged", "a stored output of this compile was missing or damaged; compiled again");
    }

    /** No manifest under this key: say what differs from the last compile of the same output. */
    private Miss newContext(Job job, ContextKey key) throws IOException {
        Path output = job.cwd().resolve(job.invocation().output()).normalize();
        Optional<String> previous = history.previousContextKey(output);
        if (previous.isEmpty()) {
            return new Miss("new", "no earlier compile of " + output + " is known to this cache");
        }
        if (previous.get().equals(key.key())) {
            return new Miss("entry-evicted", "the entry of this exact compile was evicted (size budget) or cleared");
        }
        Optional<Manifest> before = store.manifest(previous.get());
        if (before.isEmpty() || before.get().context() == null) {
            return new Miss("context-changed", "the compiler, arguments or environment differ from the previous"
                    + " compile of " + output + ", whose entry is no longer in the store to compare with");
        }
        ContextDiff.Difference d = ContextDiff.between(before.get().context(), key.dump());
        return new Miss(d.reason(), String.join("\n", d.changes()));
    }

    private Miss closureChanged(Job job, ManifestMatcher.NoMatch no) {
        Path path = job.cwd().resolve(no.path()).normalize();
        boolean source = path.equals(job.cwd().resolve(job.invocation().source()).normalize());
        return switch (no.reason()) {
            case "file-changed" -> source
                    ? new Miss("source-changed", "source changed: " + path)
                    : new Miss("header-changed", "header changed: " + path);
            case "file-missing" -> new Miss(source ? "source-changed" : "header-missing",
                    "a file of the previous include closure is gone: " + path);
            case "file-appeared" -> new Miss("header-shadowed",
                    "a new file would now be included instead of a recorded one: " + path);
            default -> new Miss("new", "no compile with this context has been stored yet");
        };
    }

    /** Delivers a stored result's outputs; false (and the result dropped) when it cannot be. */
    private boolean deliver(Job job, String resultKey, ResultEntry e, ReplySink sink) throws IOException {
        GccInvocation inv = job.invocation();
        Optional<byte[]> stdout = blobOrEmpty(e.stdout());
        Optional<byte[]> stderr = blobOrEmpty(e.stderr());
        Optional<byte[]> depFile = Optional.empty();
        // no stored dependency file although one was asked for: the compile wrote none (assembler)
        if (inv.depFile().isPresent() && e.outputs().containsKey(DEPFILE)) {
            Optional<byte[]> stored = store.readBlob(e.outputs().get(DEPFILE));
            if (stored.isPresent()) {
                depFile = DepFileTarget.retarget(new String(stored.get(), StandardCharsets.UTF_8), e.object(), inv)
                        .map(s -> s.getBytes(StandardCharsets.UTF_8));
            }
            if (depFile.isEmpty()) {
                store.dropResult(resultKey);
                return false;
            }
        }
        if (stdout.isEmpty() || stderr.isEmpty()) {
            store.dropResult(resultKey);
            return false;
        }
        for (SideOutput side : inv.sideOutputs()) {
            String digest = e.outputs().get(side.role());
            if (digest == null) {
                continue; // this compile wrote none (clang -gsplit-dwarf without -g)
            }
            Path path = job.cwd().resolve(inv.sideOutputPath(side));
            if (!store.deliverBlob(digest, path)) {
                store.dropResult(resultKey);
                return false;
            }
            OutputFiles.applyUmask(path, job.umask());
        }
        Path object = job.cwd().resolve(inv.output());
        if (!store.deliverBlob(e.outputs().get(OBJECT), object)) {
            store.dropResult(resultKey);
            return false;
        }
        OutputFiles.applyUmask(object, job.umask());
        if (depFile.isPresent()) {
            OutputFiles.write(userDepFile(job), depFile.get(), job.umask());
        }
        sink.stdout(stdout.get(), 0, stdout.get().length);
        sink.stderr(stderr.get(), 0, stderr.get().length);
        return true;
    }

    private Optional<byte[]> blobOrEmpty(String digest) throws IOException {
        return digest.isEmpty() ? Optional.of(EMPTY) : store.readBlob(digest);
    }

    // ---- miss -----------------------------------------------------------------------------

    private Compiled missAndPublish(Job job, CompilerIdentity compiler, ContextKey key, Miss miss, ReplySink sink)
            throws IOException {
        GccInvocation inv = job.invocation();
        Optional<DepFileRequest> userDeps = inv.depFile();
        List<Path> scratch = new ArrayList<>(2);
        try {
            List<String> argv = new ArrayList<>(job.argv());
            Path closureFile;
            boolean preprocessed = inv.language().isPreprocessed();
            if (userDeps.isEmpty() && preprocessed) {
                closureFile = scratchFile(scratch);
                argv.addAll(List.of("-MD", "-MF", closureFile.toString()));
            } else {
                closureFile = userDeps.isEmpty() ? null : userDepFile(job);
            }
            long startNanos = epochNanos();
            CompilerRunner.Completed run = runner.execute(argv, job.cwd(), childEnv(job), sink, true);
            Reply reply = new Reply.Exit(run.exit());
            if (run.exit() != 0) {
                return new Compiled(reply, CompileOutcome.uncacheable("compile-failed",
                        "the compiler exited with status " + run.exit() + "; failures are not cached"));
            }
            if (!run.captured()) {
                return new Compiled(reply, CompileOutcome.uncacheable("output-too-large",
                        "the compiler's stdout or stderr exceeded what is cached"));
            }
            try {
                Path object = job.cwd().resolve(inv.output());
                if (!Files.isRegularFile(object) || Files.size(object) == 0) {
                    return new Compiled(reply, CompileOutcome.uncacheable("no-object",
                            "the compiler wrote no object at " + object));
                }
                OutputFiles.applyUmask(object, job.umask());
                // an assembler source or .i/.ii: no preprocessor, so no dependency file either
                boolean userDepWritten = userDeps.isPresent() && Files.isRegularFile(closureFile);
                if (userDepWritten) {
                    OutputFiles.applyUmask(closureFile, job.umask());
                }
                if (preprocessed && userDeps.isPresent() && !userDeps.get().systemHeaders()) {
                    Optional<Path> full = scanAllHeaders(job, scratch);
                    if (full.isEmpty()) {
                        return new Compiled(reply, CompileOutcome.uncacheable("dependency-scan-failed",
                                "the preprocessor could not list the headers (-M)"));
                    }
                    closureFile = full.get();
                }
                List<String> closure = preprocessed
                        ? DepFile.prerequisites(Files.readString(closureFile, StandardCharsets.UTF_8))
                        : List.of(inv.source());
                IncludeSearch search = IncludeSearch.of(inv.keyArgs(), job.env(), inv.language(),
                        identities.systemIncludeDirs(compiler, inv.language().xName()).orElse(List.of()), job.cwd());
                ClosureRecorder.Outcome recorded = recorder.record(closure, job.cwd(), startNanos, search,
                        job.env().containsKey("SOURCE_DATE_EPOCH"));
                if (recorded instanceof ClosureRecorder.Refused r) {
                    log.debug("not storing {}: {} ({})", inv.source(), r.reason(), r.detail());
                    return new Compiled(reply, CompileOutcome.uncacheable(r.reason(), r.detail()));
                }
                publish(job, key, (ClosureRecorder.Recorded) recorded, object, userDepWritten ? userDepFile(job)
                        : null, run);
                return new Compiled(reply, CompileOutcome.miss(miss.reason(), miss.detail(), key.key()));
            } catch (IOException | RuntimeException e) {
                // the compile itself succeeded and its output went to the client: only storing failed
                log.warn("could not store the result of {}", inv.source(), e);
                return new Compiled(reply, CompileOutcome.error("store-failed", e.toString()));
            }
        } finally {
            for (Path p : scratch) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** Where the user's dependency file goes (-MF, -Wp,-MD,path or the object's name with .d). */
    private static Path userDepFile(Job job) {
        return job.cwd().resolve(DepFileTarget.path(job.invocation()).orElseThrow());
    }

    /** The -MMD case: a preprocessor-only run that lists system headers too. */
    private Optional<Path> scanAllHeaders(Job job, List<Path> scratch) {
        Path out = scratchFile(scratch);
        List<String> argv = new ArrayList<>();
        argv.add(job.argv().get(0));
        argv.addAll(GccArguments.withoutDependencyOptions(job.invocation().keyArgs()));
        argv.addAll(List.of("-M", "-MF", out.toString()));
        CompilerRunner.Completed run = runner.execute(argv, job.cwd(), childEnv(job), ReplySink.DISCARD, false);
        return run.exit() == 0 ? Optional.of(out) : Optional.empty();
    }

    private void publish(Job job, ContextKey key, ClosureRecorder.Recorded closure, Path object, Path userDepFile,
            CompilerRunner.Completed run) throws IOException {
        Map<String, String> outputs = new HashMap<>();
        outputs.put(OBJECT, store.putBlob(object));
        for (SideOutput side : job.invocation().sideOutputs()) {
            Path path = job.cwd().resolve(job.invocation().sideOutputPath(side));
            if (Files.isRegularFile(path)) {
                OutputFiles.applyUmask(path, job.umask());
                outputs.put(side.role(), store.putBlob(path));
            }
        }
        if (userDepFile != null) {
            outputs.put(DEPFILE, store.putBlob(userDepFile));
        }
        String stdout = run.stdout().length == 0 ? "" : store.putBlob(run.stdout());
        String stderr = run.stderr().length == 0 ? "" : store.putBlob(run.stderr());
        KeyHasher rk = new KeyHasher().string("context", key.key());
        for (Manifest.FileRecord f : closure.files()) {
            rk.string(f.path(), f.digest());
        }
        String resultKey = rk.key();
        store.putResult(resultKey, new ResultEntry(Map.copyOf(outputs), stdout, stderr, job.invocation().output(),
                run.millis()));
        Manifest manifest = store.manifest(key.key()).orElse(Manifest.empty());
        store.putManifest(key.key(), manifest.with(new Manifest.Entry(closure.files(), closure.absentPaths(),
                resultKey)).withContext(key.dump()));
    }

    private Path scratchFile(List<Path> scratch) {
        Path p = store.tmp().resolve("deps-" + ProcessHandle.current().pid() + "-" + serial.incrementAndGet() + ".d");
        scratch.add(p);
        return p;
    }

    /** Outputs must be regular files (or not exist yet): never rename a copy over /dev/null. */
    private static Optional<String> outputsNotRegularFiles(Job job) {
        List<String> outputs = new ArrayList<>(5);
        outputs.add(job.invocation().output());
        for (SideOutput side : job.invocation().sideOutputs()) {
            outputs.add(job.invocation().sideOutputPath(side));
        }
        DepFileTarget.path(job.invocation()).ifPresent(outputs::add);
        for (String o : outputs) {
            Path p = job.cwd().resolve(o);
            if (Files.exists(p, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                return Optional.of(o + " is not a regular file");
            }
        }
        return Optional.empty();
    }

    /** A compiler run by the daemon that calls zccache again must not loop through it. */
    private static Map<String, String> childEnv(Job job) {
        Map<String, String> env = new HashMap<>(job.env());
        env.put("ZCCACHE_NESTED", "1");
        return env;
    }

    private static long epochNanos() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }
}
