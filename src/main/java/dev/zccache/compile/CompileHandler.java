package dev.zccache.compile;

import dev.zccache.cache.DirectModeCache;
import dev.zccache.compiler.CompilerFamily;
import dev.zccache.compiler.gcc.GccAnalysis;
import dev.zccache.compiler.gcc.GccArguments;
import dev.zccache.protocol.Reply;
import dev.zccache.protocol.ReplySink;
import dev.zccache.protocol.Request;
import dev.zccache.runner.CompilerRunner;
import dev.zccache.compiler.gcc.GccInvocation;
import dev.zccache.stats.CompileOutcome;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Service;

/**
 * Answers a compile request: a cacheable GCC/Clang compile goes through the cache; anything the
 * daemon cannot reproduce or cache goes back to the launcher to run itself; other recognised
 * compilers (not cached yet) run here.
 */
@Service
public final class CompileHandler {

    /** Set in the compiler's environment so that a compiler calling zccache does not loop. */
    static final String NESTED_VARIABLE = "ZCCACHE_NESTED";

    private final CompilerRunner runner;
    private final DirectModeCache cache;
    private final OutcomeReporter reporter;
    private final boolean utf8FileNames;

    public CompileHandler(CompilerRunner runner, DirectModeCache cache, OutcomeReporter reporter) {
        this.runner = runner;
        this.cache = cache;
        this.reporter = reporter;
        // Java turns argv and environment Strings into bytes with this charset.
        String jnu = System.getProperty("sun.jnu.encoding", "");
        this.utf8FileNames = Charset.isSupported(jnu) && Charset.forName(jnu).equals(StandardCharsets.UTF_8);
    }

    public Reply handle(Request.Compile request, ReplySink sink) {
        long start = System.nanoTime();
        Answer answer = compile(request, sink);
        DirectModeCache.Compiled done = answer.compiled();
        Integer exit = done.reply() instanceof Reply.Exit x ? x.status() : null;
        reporter.report(request, answer.invocation(), done.outcome(), exit, System.nanoTime() - start);
        return done.reply();
    }

    /** What the launcher gets, and the parsed compile when the arguments were understood (else null). */
    private record Answer(DirectModeCache.Compiled compiled, GccInvocation invocation) {
    }

    private Answer compile(Request.Compile request, ReplySink sink) {
        Optional<CompileOutcome> local = runLocallyReason(request);
        if (local.isPresent()) {
            return new Answer(new DirectModeCache.Compiled(
                    new Reply.RunLocally(local.get().reason() + " (" + local.get().detail() + ")"), local.get()), null);
        }
        CompilerFamily family = CompilerFamily.fromPath(request.compiler()).orElseThrow();
        Path cwd = Path.of(request.cwd());
        if (family == CompilerFamily.GCC || family == CompilerFamily.CLANG) {
            GccAnalysis analysis = GccArguments.analyze(request.argv().subList(1, request.argv().size()), cwd);
            if (analysis instanceof GccAnalysis.Uncacheable u) {
                return new Answer(DirectModeCache.Compiled.uncacheable(u.reason(), u.detail()), null);
            }
            GccInvocation inv = ((GccAnalysis.Cacheable) analysis).invocation();
            return new Answer(cache.compile(new DirectModeCache.Job(request.compiler(), request.argv(), cwd,
                    request.env(), request.umask(), inv), sink), inv);
        }
        Map<String, String> env = new HashMap<>(request.env());
        env.put(NESTED_VARIABLE, "1");
        return new Answer(new DirectModeCache.Compiled(runner.run(request.argv(), cwd, env, sink),
                CompileOutcome.uncacheable("family-not-cached", family + " compiles are not cached yet")), null);
    }

    /** Why the launcher should run this itself, if it should: the daemon could not reproduce it. */
    Optional<CompileOutcome> runLocallyReason(Request.Compile request) {
        if (CompilerFamily.fromPath(request.compiler()).isEmpty()) {
            return Optional.of(CompileOutcome.uncacheable("unknown-compiler", "not a known compiler: " + request.compiler()));
        }
        if (!request.lossless() || !utf8FileNames) {
            return Optional.of(CompileOutcome.uncacheable("not-utf8", "arguments or environment are not representable in UTF-8 here"));
        }
        if (readsStdin(request.argv())) {
            return Optional.of(CompileOutcome.uncacheable("stdin-input", "reads from standard input"));
        }
        if (request.cwd().isEmpty() || !Files.isDirectory(Path.of(request.cwd()))) {
            return Optional.of(CompileOutcome.uncacheable("cwd-unreachable", "working directory is not reachable"));
        }
        // the compiler writes a second dependency file named by these: not modelled
        for (String v : List.of("DEPENDENCIES_OUTPUT", "SUNPRO_DEPENDENCIES")) {
            if (request.env().containsKey(v)) {
                return Optional.of(CompileOutcome.uncacheable("dependencies-output-env", v + " is set"));
            }
        }
        return Optional.empty();
    }

    /** The daemon has no stdin to give the compiler: "-" as an input (e.g. -x c -) must run locally. */
    static boolean readsStdin(List<String> argv) {
        for (int i = 1; i < argv.size(); i++) {
            if (argv.get(i).equals("-")) {
                return true;
            }
        }
        return false;
    }
}
