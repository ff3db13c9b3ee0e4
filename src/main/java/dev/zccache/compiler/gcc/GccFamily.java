package dev.zccache.compiler.gcc;

import dev.zccache.compiler.Analysis;
import dev.zccache.compiler.CompilerIdentities;
import dev.zccache.compiler.CompilerIdentity;
import dev.zccache.compiler.Invocation;
import dev.zccache.compiler.KeyedEnvironment;
import dev.zccache.compiler.LearntInputs;
import dev.zccache.compiler.MissPlan;
import dev.zccache.compiler.PathMap;
import dev.zccache.compiler.Refusal;
import dev.zccache.compiler.Scratch;
import dev.zccache.compiler.ToolCall;
import dev.zccache.compiler.ToolFamily;
import dev.zccache.hash.FileDigest;
import dev.zccache.hash.FileStateCache;
import dev.zccache.hash.KeyHasher;
import dev.zccache.outcome.Reason;
import dev.zccache.protocol.ReplySink;
import dev.zccache.runner.CompilerRunner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * GCC and Clang compiles of one source to one object, in direct mode; a call of several sources
 * splits into one compile each; links go to {@link GccLinks}.
 *
 * <h2>Learning the closure</h2>
 * Without a dependency request of the user's, the compile gets {@code -MD -MF <scratch file>},
 * which leaves the object's bytes alone (checked with gcc and clang, also with -g). With -MD the
 * user's own file lists every header. With -MMD it lacks system headers and gcc writes only one
 * dependency file, so a second, preprocessor-only run ({@code -M}) lists them; only misses pay it.
 * Assembler sources and .i/.ii files are not preprocessed: their closure is the source alone.
 * <h2>What the dependency list does not say</h2>
 * Files the assembler reads ({@code .incbin}, {@code .include}, also in inline assembly) are in
 * no dependency list: such compiles are not stored. Which file included a header is not said
 * either, so a header found through the search list may be shadowed by a new file beside any
 * file of the closure (IncludeSearch#shadowsOf).
 */
@Component
public final class GccFamily implements ToolFamily {

    /** Bumped whenever what goes into a key changes, so old entries simply stop matching. */
    static final String KEY_FORMAT = "zccache-gcc-1";

    /**
     * The variables that can change what a C/C++ compiler produces (DESIGN.md §3): include and
     * library paths, the driver's own lookup paths, reproducible-build time, dependency-output
     * side channels and the locale of diagnostics (LC_CTYPE picks the quote characters gcc prints),
     * and the colours of coloured diagnostics (GCC_COLORS).
     */
    static final List<String> KEYED_VARIABLES = List.of(
            "CPATH", "C_INCLUDE_PATH", "CPLUS_INCLUDE_PATH", "OBJC_INCLUDE_PATH", "LIBRARY_PATH",
            "GCC_EXEC_PREFIX", "COMPILER_PATH", "SOURCE_DATE_EPOCH", "DEPENDENCIES_OUTPUT",
            "SUNPRO_DEPENDENCIES", "LANG", "LC_ALL", "LC_MESSAGES", "LC_CTYPE", "GCC_COMPARE_DEBUG", "GCC_COLORS");

    private static final LearntInputs.ContentRule TIME_MACROS = new LearntInputs.ContentRule("c-time-macros",
            Reason.TIME_MACROS, TimeMacros::find);

    /** The assembler reads files no dependency list names: never serve a stale object for them. */
    private static final LearntInputs.ContentRule INCBIN = new LearntInputs.ContentRule(
            "assembler-incbin", Reason.ASSEMBLER_FILE_INPUT, AssemblerFileInputs::find);
    private static final LearntInputs.ContentRule ASSEMBLER_FILES = new LearntInputs.ContentRule(
            "assembler-incbin-include", Reason.ASSEMBLER_FILE_INPUT, AssemblerFileInputs::findInAssembler);

    private final GccProbes probes;
    private final GccLinks links;
    private final FileStateCache files;
    private final CompilerRunner runner;

    public GccFamily(CompilerIdentities identities, FileStateCache files, CompilerRunner runner) {
        this.probes = new GccProbes(identities);
        this.links = new GccLinks(probes, identities);
        this.files = files;
        this.runner = runner;
    }

    /**
     * Clang answers --version with "… clang version …", whatever name it is called by (cc, c++);
     * emcc compiles with clang.
     */
    static boolean isClang(CompilerIdentity tool) {
        return tool.version().contains("clang version") || tool.version().startsWith("emcc ");
    }

    @Override
    public String name() {
        return "gcc";
    }

    @Override
    public Set<String> drivers() {
        return Set.of("gcc", "g++", "cc", "c++", "clang", "clang++");
    }

    @Override
    public List<String> identityArguments() {
        return List.of("--version");
    }

    @Override
    public List<String> keyedVariables() {
        return GccLinks.VARIABLES;
    }

    @Override
    public String keyFormat() {
        return KEY_FORMAT;
    }

    @Override
    public Analysis analyze(ToolCall call) {
        Analysis compile = GccArguments.analyze(call.args(), call.cwd());
        if (compile instanceof Refusal r && r.reason() == Reason.LINK) {
            return LinkArguments.analyze(call.args(), call.cwd());
        }
        return compile;
    }

    /** {@code -c a.c b.c}: one compile per source, each with the other sources left out. */
    @Override
    public List<ToolCall> split(ToolCall call) {
        List<ToolCall> parts = new ArrayList<>();
        for (List<String> args : GccArguments.splitSources(call.args(), call.cwd())) {
            List<String> argv = new ArrayList<>(args.size() + 1);
            argv.add(call.argv().get(0));
            argv.addAll(args);
            parts.add(new ToolCall(call.tool(), argv, call.cwd(), call.env(), call.pathMap()));
        }
        return parts;
    }

    @Override
    public Optional<String> namedOutput(ToolCall call) {
        return GccArguments.namedOutput(call.args(), call.cwd());
    }

    /** The compiler's name picks the driver mode (clang and clang++ are one binary): the common part keys its path. */
    /**
     * Compiles are made path-free ({@code -ffile-prefix-map}); links too, but for one that writes
     * a link map (it lists its inputs' paths). A link that still names the base (an rpath) is
     * run and not stored (MissCompile checks every remapped output).
     */
    @Override
    public boolean remapsPaths(Invocation invocation) {
        return invocation instanceof GccInvocation || invocation instanceof LinkInvocation link && link.remapsPaths();
    }

    @Override
    public Optional<Refusal> describeContext(ToolCall call, Invocation invocation, CompilerIdentity compiler,
            KeyHasher h) throws IOException {
        if (invocation instanceof LinkInvocation link) {
            return links.describe(call, link, compiler, h);
        }
        GccInvocation inv = (GccInvocation) invocation;
        PathMap paths = call.pathMap();
        h.string("language", inv.language().xName())
                .list("args", inv.keyArgs().stream().map(paths::argument).toList())
                .list("env", KeyedEnvironment.select(KEYED_VARIABLES, call.env()));
        if (inv.outputInKey()) {
            h.string("output", paths.relative(inv.output()));
        }
        for (String flag : inv.nativeFlags()) {
            Optional<String> meaning = probes.describeNative(compiler, flag);
            if (meaning.isEmpty()) {
                return Optional.of(new Refusal(Reason.NATIVE_CPU_UNKNOWN,
                        compiler.path() + " cannot say what " + flag + " means"));
            }
            h.string("native " + flag, meaning.get());
        }
        for (String input : inv.optionInputs()) {
            Optional<FileDigest> d = files.digest(call.cwd().resolve(input));
            if (d.isEmpty()) {
                return Optional.of(new Refusal(Reason.OPTION_INPUT_MISSING, input));
            }
            h.string("input " + paths.relative(input), d.get().hex());
        }
        return Optional.empty();
    }

    @Override
    public MissPlan planMiss(ToolCall call, Invocation invocation, CompilerIdentity compiler, Scratch scratch) {
        if (invocation instanceof LinkInvocation link) {
            return links.plan(call, link, compiler, scratch);
        }
        GccInvocation inv = (GccInvocation) invocation;
        List<String> argv = new ArrayList<>(call.argv());
        call.pathMap().base().ifPresent(base ->
                // remapped: no output may name the base (debug info, __FILE__); first, so a map of the user's wins
                argv.add(1, "-ffile-prefix-map=" + base + "=."));
        if (inv.colouredDiagnostics()) {
            // stored coloured, shown coloured on a terminal, stripped for a pipe (objects unchanged, also with -g)
            argv.add("-fdiagnostics-color=always");
        }
        boolean preprocessed = inv.language().isPreprocessed();
        Path injected = null;
        if (inv.depFile().isEmpty() && preprocessed) {
            injected = scratch.newFile(".d");
            argv.addAll(List.of("-MD", "-MF", injected.toString()));
        }
        Path closureFile = injected;
        return new MissPlan(argv, call.runEnvironment(), () -> closure(call, inv, compiler, scratch, closureFile));
    }

    private LearntInputs closure(ToolCall call, GccInvocation inv, CompilerIdentity compiler, Scratch scratch,
            Path injected) throws IOException {
        Path cwd = call.cwd();
        if (!inv.language().isPreprocessed()) {
            return inputs(call, inv, compiler, List.of(inv.source()));
        }
        Path closureFile = injected;
        if (closureFile == null) {
            if (inv.depFile().get().systemHeaders()) {
                closureFile = cwd.resolve(DepFileTarget.path(inv).orElseThrow());
            } else {
                Optional<Path> full = scanAllHeaders(call, inv, scratch);
                if (full.isEmpty()) {
                    return new Refusal(Reason.DEPENDENCY_SCAN_FAILED, "the preprocessor could not list the headers (-M)");
                }
                closureFile = full.get();
            }
        }
        return inputs(call, inv, compiler, DepFile.prerequisites(Files.readString(closureFile, StandardCharsets.UTF_8)));
    }

    private LearntInputs inputs(ToolCall call, GccInvocation inv, CompilerIdentity compiler, List<String> closure) {
        if (closure.isEmpty()) {
            return new Refusal(Reason.NO_DEPENDENCIES, "the compiler reported no input files");
        }
        IncludeSearch search = IncludeSearch.of(inv.keyArgs(), call.env(), inv.language(),
                probes.systemIncludeDirs(compiler, inv.language().xName()).orElse(List.of()), call.cwd());
        // any file of the closure may have included any header
        Set<Path> includerDirs = new LinkedHashSet<>();
        for (String f : closure) {
            Path dir = call.cwd().resolve(f).normalize().getParent();
            if (dir != null && !search.isSystem(dir)) {
                includerDirs.add(dir);
            }
        }
        LearntInputs.ContentRule files = inv.language().isAssembler() ? ASSEMBLER_FILES : INCBIN;
        boolean pinned = call.env().containsKey("SOURCE_DATE_EPOCH");
        return new LearntInputs.Inputs(closure, found -> search.shadowsOf(found, includerDirs),
                pinned ? List.of(files) : List.of(files, TIME_MACROS));
    }

    /** The -MMD case: a preprocessor-only run that lists system headers too. */
    private Optional<Path> scanAllHeaders(ToolCall call, GccInvocation inv, Scratch scratch) {
        Path out = scratch.newFile(".d");
        List<String> argv = new ArrayList<>();
        argv.add(call.argv().get(0));
        argv.addAll(GccArguments.withoutDependencyOptions(inv.keyArgs()));
        argv.addAll(List.of("-M", "-MF", out.toString()));
        CompilerRunner.Completed run = runner.execute(argv, call.cwd(), call.runEnvironment(), ReplySink.DISCARD, false);
        return run.exit() == 0 ? Optional.of(out) : Optional.empty();
    }
}
