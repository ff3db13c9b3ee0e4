package dev.zccache.compile;

import dev.zccache.cache.CacheLookup;
import dev.zccache.cache.ContextKey;
import dev.zccache.cache.ContextKeys;
import dev.zccache.cache.Lookup;
import dev.zccache.cache.SingleFlight;
import dev.zccache.compiler.CompilerIdentities;
import dev.zccache.compiler.CompilerIdentity;
import dev.zccache.compiler.Output;
import dev.zccache.compiler.Refusal;
import dev.zccache.outcome.CompileOutcome;
import dev.zccache.outcome.Reason;
import dev.zccache.protocol.Reply;
import dev.zccache.protocol.ReplySink;
import dev.zccache.runner.CompilerRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * One cacheable call through the cache, whatever its family: identify the tool, build the
 * context key, look it up; on a miss run it once (identical concurrent misses wait for it and
 * then look up again) and publish.
 *
 * <h2>Failures</h2>
 * Any I/O failure of the cache itself makes the call run uncached (counted as an error): a
 * build never fails because of the cache.
 */
@Component
final class CachedCompile {

    private static final Logger log = LoggerFactory.getLogger(CachedCompile.class);

    private final CompilerIdentities identities;
    private final ContextKeys contextKeys;
    private final CacheLookup cache;
    private final MissCompile misses;
    private final CompilerRunner runner;
    private final SingleFlight<String, Compiled> flights = new SingleFlight<>();

    public CachedCompile(CompilerIdentities identities, ContextKeys contextKeys, CacheLookup cache,
            CompilerRunner runner) {
        this.identities = identities;
        this.contextKeys = contextKeys;
        this.cache = cache;
        this.runner = runner;
        this.misses = new MissCompile(runner, cache);
    }

    public Compiled compile(Job job, ReplySink client) {
        // coloured diagnostics the family asked for are stored coloured and stripped for a pipe
        ReplySink sink = job.invocation().colouredDiagnostics() && !job.stderrTerminal()
                ? new PlainDiagnostics(client) : client;
        CompilerIdentity tool;
        ContextKey key;
        Lookup.Miss miss;
        Path cwd = job.call().cwd();
        try {
            Optional<String> notAFile = outputsNotRegularFiles(job);
            if (notAFile.isPresent()) {
                return Compiled.uncacheable(new Refusal(Reason.OUTPUT_NOT_A_FILE, notAFile.get()));
            }
            Optional<CompilerIdentity> id = identities.identify(Path.of(job.call().tool()),
                    job.family().identityArguments());
            if (id.isEmpty()) {
                return Compiled.uncacheable(new Refusal(Reason.COMPILER_UNIDENTIFIED,
                        job.call().tool() + " does not answer " + String.join(" ", job.family().identityArguments())));
            }
            tool = id.get();
            ContextKeys.Outcome built = contextKeys.build(job.family(), tool, job.call(), job.invocation());
            if (built instanceof ContextKeys.Refused r) {
                return Compiled.uncacheable(r.refusal());
            }
            key = ((ContextKeys.Built) built).key();
            Lookup lookup = cache.lookup(key, job.invocation(), tool, cwd, job.call().env(), job.umask(), sink);
            if (lookup instanceof Lookup.Hit h) {
                return hit(h, key);
            }
            miss = (Lookup.Miss) lookup;
        } catch (IOException | RuntimeException e) {
            log.warn("cache lookup failed for {}; compiling without the cache", job.invocation().source(), e);
            return new Compiled(runUncached(job, sink), CompileOutcome.error(Reason.LOOKUP_FAILED, e.toString()));
        }
        try {
            SingleFlight.Outcome<Compiled> outcome = flights.run(key.key(), () -> misses.run(job, tool, key, miss, sink));
            if (outcome.leader()) {
                return outcome.value();
            }
            // an identical compile just ran: its result is stored unless it failed or was refused
            Lookup again = cache.lookup(key, job.invocation(), tool, cwd, job.call().env(), job.umask(), sink);
            if (again instanceof Lookup.Hit h) {
                return hit(h, key);
            }
            return misses.run(job, tool, key, miss, sink);
        } catch (Exception e) {
            log.warn("cached compile failed for {}; compiling without the cache", job.invocation().source(), e);
            return new Compiled(runUncached(job, sink), CompileOutcome.error(Reason.CACHE_FAILED, e.toString()));
        }
    }

    private static Compiled hit(Lookup.Hit h, ContextKey key) {
        return new Compiled(new Reply.Exit(0), CompileOutcome.hit(h.savedMillis(), key.key()));
    }

    private Reply runUncached(Job job, ReplySink sink) {
        return runner.run(job.call().argv(), job.call().cwd(), job.call().runEnvironment(), sink);
    }

    /** Outputs must be regular files (or not exist yet): never rename a copy over /dev/null. */
    private static Optional<String> outputsNotRegularFiles(Job job) {
        for (Output o : job.invocation().outputs()) {
            Path p = job.call().cwd().resolve(o.path());
            if (Files.exists(p, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                return Optional.of(o.path() + " is not a regular file");
            }
        }
        return Optional.empty();
    }
}
