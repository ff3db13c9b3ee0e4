package dev.zccache.compile;

import dev.zccache.compiler.Analysis;
import dev.zccache.compiler.Invocation;
import dev.zccache.compiler.Refusal;
import dev.zccache.compiler.ToolCall;
import dev.zccache.compiler.ToolFamilies;
import dev.zccache.compiler.ToolFamily;
import dev.zccache.outcome.CompileOutcome;
import dev.zccache.outcome.Reason;
import dev.zccache.protocol.Reply;
import dev.zccache.protocol.ReplySink;
import dev.zccache.protocol.Request;
import dev.zccache.protocol.Wire;
import dev.zccache.runner.CompilerRunner;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.io.IOException;
import java.util.Optional;
import org.springframework.stereotype.Service;

/**
 * Answers a compile request: a call its family's argument model finds cacheable goes through
 * the cache; anything the daemon cannot reproduce or cache goes back to the launcher to run
 * itself.
 */
@Service
public final class CompileHandler {

    private final CompilerRunner runner;
    private final CachedCompile cache;
    private final OutcomeReporter reporter;
    private final ToolFamilies families;
    private final boolean utf8FileNames;
    /** A request came: the daemon is no longer idle (see CompileRehearsal). */
    private volatile boolean begun;

    public CompileHandler(CompilerRunner runner, CachedCompile cache, OutcomeReporter reporter,
            ToolFamilies families) {
        this.runner = runner;
        this.cache = cache;
        this.reporter = reporter;
        this.families = families;
        // Java turns argv and environment Strings into bytes with this charset.
        String jnu = System.getProperty("sun.jnu.encoding", "");
        this.utf8FileNames = Charset.isSupported(jnu) && Charset.forName(jnu).equals(StandardCharsets.UTF_8);
    }

    public Reply handle(Request.Compile request, ReplySink sink) {
        long start = System.nanoTime();
        if (!begun) {
            begun = true;
        }
        Answer answer = compile(request, sink);
        Compiled done = answer.compiled();
        if (!answer.reported()) {
            Integer exit = done.reply() instanceof Reply.Exit x ? x.status() : null;
            reporter.report(request, answer.source(), answer.output(), done.outcome(), exit, System.nanoTime() - start,
                    answer.step());
        }
        return done.reply();
    }

    /** Whether this handler was asked to compile anything yet. */
    public boolean begun() {
        return begun;
    }

    /**
     * What the launcher gets, and the source and output the arguments name (null when unknown);
     * {@code reported}: its compiles were reported one by one already (a call of several sources).
     */
    private record Answer(Compiled compiled, String source, String output, boolean reported, String step) {

        Answer(Compiled compiled, String source, String output) {
            this(compiled, source, output, false, null);
        }
    }

    private Answer compile(Request.Compile request, ReplySink sink) {
        ToolFamilies.Recognised tool = families.recognise(request.compiler());
        if (tool instanceof ToolFamilies.Unknown) {
            return unnamed(Compiled.uncacheable(new Refusal(Reason.UNKNOWN_COMPILER,
                    "not a known compiler: " + request.compiler())));
        }
        Optional<Refusal> unreachable = unreachable(request);
        if (unreachable.isPresent()) {
            return unnamed(Compiled.uncacheable(unreachable.get()));
        }
        ToolCall call = new ToolCall(request.compiler(), request.argv(), Path.of(request.cwd()), request.env());
        ToolFamily family = ((ToolFamilies.Cached) tool).family();
        Optional<byte[]> answer = probeAnswer(family, call);
        if (answer.isPresent()) {
            try {
                sink.stdout(answer.get(), 0, answer.get().length);
            } catch (IOException gone) {
                return unnamed(new Compiled(new Reply.Exit(0), CompileOutcome.error(Reason.CACHE_FAILED, gone.toString())));
            }
            return unnamed(new Compiled(new Reply.Exit(0), CompileOutcome.uncacheable(Reason.INFORMATIONAL,
                    "answered from what the daemon asked this " + family.name() + " before")));
        }
        Analysis analysis = family.analyze(call);
        boolean terminal = (request.flags() & Wire.FLAG_STDERR_TTY) != 0;
        if (analysis instanceof Refusal r && r.reason() == Reason.MULTIPLE_INPUTS) {
            Optional<Answer> several = several(request, family, family.split(call), terminal, sink);
            if (several.isPresent()) {
                return several.get();
            }
        }
        if (analysis instanceof Refusal r) {
            return new Answer(Compiled.uncacheable(r), null, family.namedOutput(call).map(o -> absolute(call, o))
                    .orElse(null));
        }
        Invocation inv = ((Analysis.Cacheable) analysis).invocation();
        Compiled done = cache.compile(new Job(family, call, request.umask(), inv, terminal), sink);
        return new Answer(done, absolute(call, inv.source()), absolute(call, inv.output()), false, inv.step());
    }

    /**
     * A call of several compiles, each through the cache in the tool's order, each reported on
     * its own; the exit status is the worst of them, as the compiler's own (it goes on after a
     * failing source). Empty unless every part is cacheable: then the launcher runs the call.
     */
    private Optional<Answer> several(Request.Compile request, ToolFamily family, List<ToolCall> parts, boolean terminal,
            ReplySink sink) {
        List<Invocation> invocations = new java.util.ArrayList<>(parts.size());
        for (ToolCall part : parts) {
            if (!(family.analyze(part) instanceof Analysis.Cacheable c)) {
                return Optional.empty();
            }
            invocations.add(c.invocation());
        }
        if (invocations.isEmpty()) {
            return Optional.empty();
        }
        int worst = 0;
        for (int i = 0; i < parts.size(); i++) {
            long start = System.nanoTime();
            ToolCall part = parts.get(i);
            Invocation inv = invocations.get(i);
            Compiled done = cache.compile(new Job(family, part, request.umask(), inv, terminal), sink);
            Reply reply = done.reply();
            if (reply instanceof Reply.RunLocally) {
                // the launcher cannot run one part of a call: this one runs here, uncached
                reply = runner.run(part.argv(), part.cwd(), part.runEnvironment(), sink);
            }
            int status = reply instanceof Reply.Exit x ? x.status() : 1;
            worst = Math.max(worst, status);
            reporter.report(request, absolute(part, inv.source()), absolute(part, inv.output()), done.outcome(), status,
                    System.nanoTime() - start, inv.step());
        }
        return Optional.of(new Answer(new Compiled(new Reply.Exit(worst), null), null, null, true, null));
    }

    /** A probe's remembered answer; empty when there is none (or asking failed: the launcher runs it). */
    private static Optional<byte[]> probeAnswer(ToolFamily family, ToolCall call) {
        try {
            return family.probeAnswer(call);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static Answer unnamed(Compiled compiled) {
        return new Answer(compiled, null, null);
    }

    private static String absolute(ToolCall call, String path) {
        return call.cwd().resolve(path).normalize().toString();
    }

    /** Why the daemon could not reproduce this call at all, if it could not: the launcher runs it. */
    private Optional<Refusal> unreachable(Request.Compile request) {
        if (!request.lossless() || !utf8FileNames) {
            return Optional.of(new Refusal(Reason.NOT_UTF8, "arguments or environment are not representable in UTF-8 here"));
        }
        if (request.cwd().isEmpty() || !Files.isDirectory(Path.of(request.cwd()))) {
            return Optional.of(new Refusal(Reason.CWD_UNREACHABLE, "working directory is not reachable"));
        }
        // the compiler writes a second dependency file named by these: not modelled
        for (String v : List.of("DEPENDENCIES_OUTPUT", "SUNPRO_DEPENDENCIES")) {
            if (request.env().containsKey(v)) {
                return Optional.of(new Refusal(Reason.DEPENDENCIES_OUTPUT_ENV, v + " is set"));
            }
        }
        return Optional.empty();
    }
}
