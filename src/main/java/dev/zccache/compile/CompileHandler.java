package dev.zccache.compile;

import dev.zccache.protocol.Reply;
import dev.zccache.protocol.ReplySink;
import dev.zccache.protocol.Request;
import dev.zccache.runner.CompilerRunner;
import dev.zccache.compiler.CompilerFamily;
import dev.zccache.compiler.gcc.GccAnalysis;
import dev.zccache.compiler.gcc.GccArguments;
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
 * Answers a compile request: runs a recognised compiler here and streams its result, or tells
 * the launcher to run the program itself when the daemon could not reproduce the call exactly.
 */
@Service
public final class CompileHandler {

    /** Set in the compiler's environment so that a compiler calling zccache does not loop. */
    static final String NESTED_VARIABLE = "ZCCACHE_NESTED";

    private final CompilerRunner runner;
    private final boolean utf8FileNames;

    public CompileHandler(CompilerRunner runner) {
        this.runner = runner;
        // Java turns argv and environment Strings into bytes with this charset.
        String jnu = System.getProperty("sun.jnu.encoding", "");
        this.utf8FileNames = Charset.isSupported(jnu) && Charset.forName(jnu).equals(StandardCharsets.UTF_8);
    }

    public Reply handle(Request.Compile request, ReplySink sink) {
        Optional<String> local = runLocallyReason(request);
        if (local.isPresent()) {
            return new Reply.RunLocally(local.get());
        }
        Map<String, String> env = new HashMap<>(request.env());
        env.put(NESTED_VARIABLE, "1");
        return runner.run(request.argv(), Path.of(request.cwd()), env, sink);
    }

    /**
     * Why the launcher should run this itself, if it should. Besides what the daemon cannot
     * reproduce, that is every call the argument model finds uncacheable (links, -E, -S...):
     * running those here would only add a process launch from the JVM to their time.
     */
    Optional<String> runLocallyReason(Request.Compile request) {
        Optional<CompilerFamily> family = CompilerFamily.fromPath(request.compiler());
        if (family.isEmpty()) {
            return Optional.of("not a known compiler: " + request.compiler());
        }
        if (!request.lossless() || !utf8FileNames) {
            return Optional.of("arguments or environment are not representable in UTF-8 here");
        }
        if (readsStdin(request.argv())) {
            return Optional.of("reads from standard input");
        }
        if (request.cwd().isEmpty() || !Files.isDirectory(Path.of(request.cwd()))) {
            return Optional.of("working directory is not reachable");
        }
        if (family.get() == CompilerFamily.GCC || family.get() == CompilerFamily.CLANG) {
            GccAnalysis analysis = GccArguments.analyze(request.argv().subList(1, request.argv().size()),
                    Path.of(request.cwd()));
            if (analysis instanceof GccAnalysis.Uncacheable u) {
                return Optional.of("uncacheable: " + u.reason() + " (" + u.detail() + ")");
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
