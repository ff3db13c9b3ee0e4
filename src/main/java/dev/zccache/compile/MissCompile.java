package dev.zccache.compile;

import dev.zccache.cache.CacheLookup;
import dev.zccache.cache.ClosureRecorder;
import dev.zccache.cache.ContextKey;
import dev.zccache.cache.Lookup;
import dev.zccache.compiler.CompilerIdentity;
import dev.zccache.compiler.Invocation;
import dev.zccache.compiler.LearntInputs;
import dev.zccache.compiler.MissPlan;
import dev.zccache.compiler.Output;
import dev.zccache.compiler.PathMap;
import dev.zccache.compiler.Refusal;
import dev.zccache.compiler.Scratch;
import dev.zccache.outcome.CompileOutcome;
import dev.zccache.outcome.Reason;
import dev.zccache.protocol.Reply;
import dev.zccache.protocol.ReplySink;
import dev.zccache.runner.CompilerRunner;
import dev.zccache.store.OutputFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import dev.zccache.hash.FileClock;
import dev.zccache.hash.FileStat;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one miss as its family plans it, learns its inputs and publishes the result. The run's
 * output already went to the client; only storing can still fail, and then nothing is stored.
 */
final class MissCompile {

    private static final Logger log = LoggerFactory.getLogger(MissCompile.class);

    private final CompilerRunner runner;
    private final CacheLookup cache;
    private final AtomicLong serial = new AtomicLong();

    MissCompile(CompilerRunner runner, CacheLookup cache) {
        this.runner = runner;
        this.cache = cache;
    }

    Compiled run(Job job, CompilerIdentity tool, ContextKey key, Lookup.Miss miss, ReplySink sink) throws IOException {
        List<Path> scratch = new ArrayList<>(2);
        try {
            Invocation inv = job.invocation();
            MissPlan plan = job.family().planMiss(job.call(), inv, tool, scratchFiles(scratch));
            Path cwd = job.call().cwd();
            List<Output> outputs = inv.outputs();
            Map<String, FileStat.Info> before = optionalOutputStats(outputs, cwd);
            Map<Path, FileStat.Info> besideBefore = beside(inv, cwd);
            long startNanos = FileClock.now(cache.tmp());
            // with a scratch file of ours in the run, its output waits for the run's end: see below
            HeldOutput held = scratch.isEmpty() ? null : new HeldOutput(sink);
            CompilerRunner.Completed run = runner.execute(plan.argv(), cwd, plan.environment(),
                    held == null ? sink : held, true);
            if (held != null) {
                Optional<String> scratchFailure = run.exit() == 0 ? Optional.empty() : scratchLine(run.stderr());
                if (scratchFailure.isPresent() && held.discard()) {
                    // it failed writing our file (a full disk): as given, it may well succeed
                    cache.scratchFailed(scratchFailure.get());
                    Reply again = runner.run(job.call().argv(), cwd, job.call().runEnvironment(), sink);
                    return new Compiled(again, CompileOutcome.error(Reason.SCRATCH_FAILED, scratchFailure.get()));
                }
                held.release();
            }
            Reply reply = new Reply.Exit(run.exit());
            if (run.exit() != 0) {
                return new Compiled(reply, CompileOutcome.uncacheable(Reason.COMPILE_FAILED,
                        "the compiler exited with status " + run.exit() + "; failures are not cached"));
            }
            if (!run.captured()) {
                return new Compiled(reply, CompileOutcome.uncacheable(Reason.OUTPUT_TOO_LARGE,
                        "the compiler's stdout or stderr exceeded what is cached"));
            }
            try {
                // before anything touches them: a chmod would make an earlier build's file look new
                Set<String> written = writtenBy(outputs, cwd, before);
                for (Output o : outputs) {
                    Path path = cwd.resolve(o.path());
                    if (o.required() && (!Files.isRegularFile(path) || Files.size(path) == 0)) {
                        return new Compiled(reply, CompileOutcome.uncacheable(Reason.NO_OBJECT,
                                "the compiler wrote no " + o.role() + " at " + path));
                    }
                    if (written.contains(o.role())) {
                        // the caller's umask, as its own compiler run would give them, stored or not
                        OutputFiles.applyUmask(path, job.umask(), o.executable());
                    }
                }
                Optional<Path> unmodelled = unmodelledWrite(inv, cwd, besideBefore);
                if (unmodelled.isPresent()) {
                    return new Compiled(reply, CompileOutcome.uncacheable(Reason.UNMODELLED_OUTPUT,
                            "the run wrote " + unmodelled.get() + ", which a hit would not deliver"));
                }
                Optional<String> naming = outputNamingBase(outputs, written, cwd, key.paths());
                if (naming.isPresent()) {
                    return new Compiled(reply, CompileOutcome.uncacheable(Reason.BASE_IN_OUTPUT,
                            naming.get() + " names " + key.paths().baseString()));
                }
                LearntInputs learnt = plan.learn();
                if (learnt instanceof Refusal r) {
                    return new Compiled(reply, CompileOutcome.uncacheable(r.reason(), r.detail()));
                }
                ClosureRecorder.Outcome recorded = cache.record((LearntInputs.Inputs) learnt, key, cwd, job.call().env(),
                        startNanos);
                if (recorded instanceof ClosureRecorder.Refused r) {
                    log.debug("not storing {}: {} ({})", inv.source(), r.refusal().reason().id(), r.refusal().detail());
                    return new Compiled(reply, CompileOutcome.uncacheable(r.refusal().reason(), r.refusal().detail()));
                }
                cache.publish(key, inv, cwd, written, (ClosureRecorder.Recorded) recorded, run.stdout(),
                        run.stderr(), run.millis());
                return new Compiled(reply, CompileOutcome.miss(miss.reason(), miss.detail(), key.key()));
            } catch (IOException | RuntimeException e) {
                log.warn("could not store the result of {}", inv.source(), e);
                return new Compiled(reply, CompileOutcome.error(Reason.STORE_FAILED, e.toString()));
            }
        } finally {
            for (Path p : scratch) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** The diagnostic that names zccache's scratch space (its dependency file could not be written), if any. */
    private Optional<String> scratchLine(byte[] stderr) {
        String scratch = cache.tmp().toString();
        return new String(stderr, java.nio.charset.StandardCharsets.UTF_8).lines()
                .filter(line -> line.contains(scratch)).map(String::strip).findFirst();
    }

    /** The files under the invocation's {@link Invocation#unmodelledOutputs() prefix}, with their stat. */
    private static Map<Path, FileStat.Info> beside(Invocation inv, Path cwd) throws IOException {
        Optional<String> prefix = inv.unmodelledOutputs();
        if (prefix.isEmpty()) {
            return Map.of();
        }
        Path first = cwd.resolve(prefix.get() + "x").normalize();
        Path dir = first.getParent();
        String start = first.getFileName().toString();
        start = start.substring(0, start.length() - 1);
        Map<Path, FileStat.Info> out = new HashMap<>();
        if (dir == null || !Files.isDirectory(dir)) {
            return out;
        }
        try (var entries = Files.newDirectoryStream(dir)) {
            for (Path p : entries) {
                if (p.getFileName().toString().startsWith(start)) {
                    FileStat.Info s = FileStat.follow(p);
                    if (s != null && s.regularFile()) {
                        out.put(p, s);
                    }
                }
            }
        }
        return out;
    }

    /** A file the run wrote under the prefix that is none of the outputs, if any. */
    private static Optional<Path> unmodelledWrite(Invocation inv, Path cwd, Map<Path, FileStat.Info> before)
            throws IOException {
        if (inv.unmodelledOutputs().isEmpty()) {
            return Optional.empty();
        }
        Set<Path> named = new HashSet<>();
        for (Output o : inv.outputs()) {
            named.add(cwd.resolve(o.path()).normalize());
        }
        for (Map.Entry<Path, FileStat.Info> now : beside(inv, cwd).entrySet()) {
            if (!named.contains(now.getKey()) && !now.getValue().equals(before.get(now.getKey()))) {
                return Optional.of(now.getKey());
            }
        }
        return Optional.empty();
    }

    /** The stat of each optional output before the run (null: none there). */
    private static Map<String, FileStat.Info> optionalOutputStats(List<Output> outputs, Path cwd) throws IOException {
        Map<String, FileStat.Info> out = new HashMap<>();
        for (Output o : outputs) {
            if (!o.required()) {
                out.put(o.role(), FileStat.follow(cwd.resolve(o.path())));
            }
        }
        return out;
    }

    /**
     * The roles of the outputs this run wrote: the required ones, and each optional one that is
     * new or changed since before the run. A file an earlier build left (a C compile's .d beside
     * an assembler source's object) is not this run's, and must not come back on a hit.
     */
    private static Set<String> writtenBy(List<Output> outputs, Path cwd, Map<String, FileStat.Info> before)
            throws IOException {
        Set<String> written = new HashSet<>();
        for (Output o : outputs) {
            FileStat.Info now = FileStat.follow(cwd.resolve(o.path()));
            if (o.required() || (now != null && now.regularFile() && !now.equals(before.get(o.role())))) {
                written.add(o.role());
            }
        }
        return written;
    }

    private Scratch scratchFiles(List<Path> created) {
        return suffix -> {
            Path p = cache.tmp().resolve("miss-" + ProcessHandle.current().pid() + "-" + serial.incrementAndGet()
                    + suffix);
            created.add(p);
            return p;
        };
    }

    /**
     * A remapped compile must be path-free: the first output (other than those rewritten on
     * delivery) that still names the base (a link's rpath, an LTO link's debug info) is not stored.
     */
    private static Optional<String> outputNamingBase(List<Output> outputs, Set<String> written, Path cwd,
            PathMap paths) throws IOException {
        if (!paths.active()) {
            return Optional.empty();
        }
        for (Output o : outputs) {
            if (!o.rewritten() && written.contains(o.role()) && paths.namedIn(Files.readAllBytes(cwd.resolve(o.path())))) {
                return Optional.of(o.path());
            }
        }
        return Optional.empty();
    }
}
