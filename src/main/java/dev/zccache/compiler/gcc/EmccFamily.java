package dev.zccache.compiler.gcc;

import dev.zccache.compiler.Analysis;
import dev.zccache.compiler.CompilerIdentities;
import dev.zccache.compiler.CompilerIdentity;
import dev.zccache.compiler.Invocation;
import dev.zccache.compiler.KeyedEnvironment;
import dev.zccache.compiler.LearntInputs;
import dev.zccache.compiler.MissPlan;
import dev.zccache.compiler.Refusal;
import dev.zccache.compiler.Scratch;
import dev.zccache.compiler.ToolCall;
import dev.zccache.compiler.ToolFamily;
import dev.zccache.hash.FileDigest;
import dev.zccache.hash.FileStateCache;
import dev.zccache.hash.KeyHasher;
import dev.zccache.outcome.Reason;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.springframework.stereotype.Component;

/**
 * Emscripten's emcc and em++: compiles as clang's (the GCC family's direct mode, through emcc),
 * and links to JavaScript and WebAssembly with every file emcc writes beside them.
 *
 * <h2>What the key holds beyond the GCC family's</h2>
 * emcc's own options in order ({@code -sSETTING=…}, {@code --pre-js}…) and the files and
 * directories they name by content; every {@code EM*} variable and NODE_PATH; the installation,
 * config, clang (and for links wasm-ld, wasm-opt, node and the cache's system libraries), from
 * {@link Emscripten}. None of it starts Python: on a hit emcc does not run.
 * <h2>What a link read</h2>
 * wasm-ld (LLVM 14) cannot list what it read, so a link's inputs are what its arguments name:
 * the objects and archives, and each {@code -l} library found in the {@code -L} directories
 * (libraries emcc adds from its cache are keyed as the cache's listing).
 */
@Component
public final class EmccFamily implements ToolFamily {

    static final String KEY_FORMAT = "zccache-emcc-1";

    private static final List<String> VARIABLES = Stream.concat(GccLinks.VARIABLES.stream(),
            Stream.of("EMCC_CFLAGS", "EM_CONFIG", "EM_CACHE", "EM_LLVM_ROOT", "EM_BINARYEN_ROOT", "EM_NODE_JS",
                    "EM_FROZEN_CACHE", "EMCC_FORCE_STDLIBS", "EMCC_ONLY_FORCED_STDLIBS", "EMSDK_PYTHON", "NODE_PATH",
                    "LLVM_ADD_VERSION", "CLANG_ADD_VERSION")).toList();

    private final GccFamily gcc;
    private final Emscripten emscripten;
    private final FileStateCache files;

    public EmccFamily(GccFamily gcc, CompilerIdentities identities, FileStateCache files) {
        this.gcc = gcc;
        this.emscripten = new Emscripten(identities, files);
        this.files = files;
    }

    /** An emcc compile: the clang compile it makes, with emcc's own options beside it. */
    record EmccCompile(GccInvocation clang, EmccArguments.Split emcc) implements Invocation {

        @Override
        public String source() {
            return clang.source();
        }

        @Override
        public String output() {
            return clang.output();
        }

        @Override
        public List<dev.zccache.compiler.Output> outputs() {
            return clang.outputs();
        }

        @Override
        public boolean colouredDiagnostics() {
            return clang.colouredDiagnostics();
        }

        @Override
        public Optional<byte[]> rewrite(dev.zccache.compiler.Output output, byte[] stored, String storedOutput,
                CompilerIdentity tool) {
            return clang.rewrite(output, stored, storedOutput, tool);
        }
    }

    @Override
    public String name() {
        return "emcc";
    }

    @Override
    public Set<String> drivers() {
        return Set.of("emcc", "em++");
    }

    @Override
    public List<String> identityArguments() {
        return List.of("--version");
    }

    @Override
    public List<String> keyedVariables() {
        return VARIABLES;
    }

    @Override
    public String keyFormat() {
        return KEY_FORMAT;
    }

    @Override
    public Analysis analyze(ToolCall call) {
        EmccArguments.Parse parse = EmccArguments.split(call.args(), call.cwd());
        if (parse instanceof EmccArguments.Refused r) {
            return r.refusal();
        }
        EmccArguments.Split split = (EmccArguments.Split) parse;
        Analysis compile = GccArguments.analyze(split.clangArgs(), call.cwd());
        if (compile instanceof Refusal r) {
            return r.reason() == Reason.LINK ? EmccArguments.link(split) : r;
        }
        return new Analysis.Cacheable(new EmccCompile((GccInvocation) ((Analysis.Cacheable) compile).invocation(), split));
    }

    @Override
    public List<ToolCall> split(ToolCall call) {
        return gcc.split(call);
    }

    @Override
    public Optional<String> namedOutput(ToolCall call) {
        return GccArguments.namedOutput(call.args(), call.cwd());
    }

    /** Compiles as clang's (GccFamily makes them path-free); links keep absolute paths. */
    @Override
    public boolean remapsPaths(Invocation invocation) {
        return invocation instanceof EmccCompile;
    }

    @Override
    public Optional<Refusal> describeContext(ToolCall call, Invocation invocation, CompilerIdentity emcc, KeyHasher h)
            throws IOException {
        boolean link = invocation instanceof EmccLink;
        EmccArguments.Split split = link ? ((EmccLink) invocation).emcc() : ((EmccCompile) invocation).emcc();
        Optional<Refusal> install = emscripten.describe(call, emcc, split, link, h);
        if (install.isPresent()) {
            return install;
        }
        h.list("emcc args", split.emccArgs()).list("emcc env", emscriptenVariables(call.env()));
        for (String input : split.inputs()) {
            Optional<String> content = content(call.cwd().resolve(input));
            if (content.isEmpty()) {
                return Optional.of(new Refusal(Reason.OPTION_INPUT_MISSING, input));
            }
            h.string("input " + input, content.get());
        }
        if (invocation instanceof EmccLink l) {
            h.string("language", "emcc-link").list("args", l.keyArgs())
                    .list("env", KeyedEnvironment.select(GccLinks.VARIABLES, call.env()));
            libraries(call, l).forEach((name, found) -> h.string("library " + name,
                    found.map(Path::toString).orElse("none")));
            return Optional.empty();
        }
        return gcc.describeContext(call, ((EmccCompile) invocation).clang(), emcc, h);
    }

    /** Every EM*, EMCC_* and EMSDK* variable, and NODE_PATH (the node modules a link's optimizer loads). */
    static List<String> emscriptenVariables(Map<String, String> env) {
        return KeyedEnvironment.select(env.keySet().stream()
                .filter(k -> k.startsWith("EM") || k.equals("NODE_PATH")).toList(), env);
    }

    /** A file's digest, or a directory's (each file under it by relative path and digest); empty when unreadable. */
    private Optional<String> content(Path path) throws IOException {
        if (!Files.isDirectory(path)) {
            return files.digest(path).map(FileDigest::hex);
        }
        KeyHasher tree = new KeyHasher();
        List<Path> all;
        try (Stream<Path> walk = Files.walk(path)) {
            all = walk.filter(Files::isRegularFile).sorted().toList();
        }
        for (Path f : all) {
            Optional<FileDigest> d = files.digest(f);
            if (d.isEmpty()) {
                return Optional.empty();
            }
            tree.string(path.relativize(f).toString(), d.get().hex());
        }
        return Optional.of("tree " + tree.key());
    }

    @Override
    public MissPlan planMiss(ToolCall call, Invocation invocation, CompilerIdentity emcc, Scratch scratch) {
        if (invocation instanceof EmccCompile c) {
            return gcc.planMiss(call, c.clang(), emcc, scratch);
        }
        EmccLink link = (EmccLink) invocation;
        return new MissPlan(call.argv(), call.runEnvironment(), () -> linkInputs(call, link));
    }

    /** The objects and archives named, and the -l libraries found in the -L directories. */
    private static LearntInputs linkInputs(ToolCall call, EmccLink link) {
        List<String> read = new ArrayList<>(link.inputs());
        for (Optional<Path> lib : libraries(call, link).values()) {
            lib.ifPresent(p -> read.add(p.toString()));
        }
        return new LearntInputs.Inputs(read, LearntInputs.Shadows.NONE, List.of());
    }

    /**
     * Each -l library by name, as the -L directories find it now (empty: emcc's own, or none):
     * in the key, so a library that appears before the one found, or one found now and not
     * before, changes the key.
     */
    private static Map<String, Optional<Path>> libraries(ToolCall call, EmccLink link) {
        List<Path> dirs = new ArrayList<>();
        link.libraryDirs().forEach(d -> dirs.add(call.cwd().resolve(d).normalize()));
        Map<String, Optional<Path>> out = new TreeMap<>();
        List<String> args = link.keyArgs();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            String lib = a.equals("-l") && i + 1 < args.size() ? args.get(++i) : a.startsWith("-l") ? a.substring(2) : null;
            if (lib != null) {
                out.put(lib, Optional.ofNullable(EmccLibraries.find(dirs, lib)));
            }
        }
        return out;
    }
}
