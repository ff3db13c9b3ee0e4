package dev.zccache.compiler.rust;

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
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * rustc, as cargo runs it through {@code RUSTC_WRAPPER}: one crate per call, cached with every
 * file it writes (rlib, rmeta, staticlib, proc-macro, bin, dep-info).
 *
 * <h2>What the key holds</h2>
 * The toolchain (rustc's digest and {@code -vV}, the sysroot's libraries by name and size: their
 * names carry the toolchain's hashes), the arguments in order, every {@code CARGO_*} variable but
 * the jobserver's (proc macros read them without rustc knowing), each {@code --extern} crate and
 * each {@code -l} library found in a {@code -L} directory by content, a {@code .json} target by
 * content, what {@code -C target-cpu=native} means, and the linker when the call links (bin,
 * proc-macro). The sources come from rustc's dep-info on a miss, with the variables its
 * {@code # env-dep:} lines name: an entry matches only a caller with the same values (or unset).
 * <h2>Running a miss</h2>
 * Without cargo's jobserver variables: the daemon's rustc cannot reach the caller's jobserver
 * descriptors, and would warn about it into the stored diagnostics.
 */
@Component
public final class RustFamily implements ToolFamily {

    static final String KEY_FORMAT = "zccache-rustc-1";

    /** Variables the journal keeps for a rustc call (the key also holds every CARGO_* one). */
    static final List<String> KEYED_VARIABLES = List.of("CARGO_PKG_NAME", "CARGO_PKG_VERSION",
            "CARGO_MANIFEST_DIR", "OUT_DIR", "RUSTC_BOOTSTRAP");

    /** The jobserver: only the caller's process has its descriptors. */
    static final Set<String> JOBSERVER_VARIABLES = Set.of("CARGO_MAKEFLAGS", "MAKEFLAGS", "MFLAGS");

    private static final String NATIVE_CPU = "-C target-cpu=native";

    private final CompilerIdentities identities;
    private final FileStateCache files;
    private final Toolchains toolchains;

    public RustFamily(CompilerIdentities identities, FileStateCache files) {
        this.identities = identities;
        this.files = files;
        this.toolchains = new Toolchains(identities);
    }

    @Override
    public String name() {
        return "rustc";
    }

    @Override
    public Set<String> drivers() {
        return Set.of("rustc");
    }

    @Override
    public List<String> identityArguments() {
        return List.of("-vV");
    }

    @Override
    public List<String> keyedVariables() {
        return KEYED_VARIABLES;
    }

    @Override
    public String keyFormat() {
        return KEY_FORMAT;
    }

    /**
     * cargo asks {@code rustc -vV} and {@code rustc - --crate-name ___ --print=…} on every run: the
     * answers depend on the toolchain and the arguments only (flags naming files are not
     * answered, nor calls under {@code RUSTC_BOOTSTRAP}, nor rustup's proxy), so each is asked
     * once per rustc and then answered without starting one.
     */
    @Override
    public Optional<byte[]> probeAnswer(ToolCall call) throws IOException {
        if (!isProbe(call.args()) || call.env().containsKey("RUSTC_BOOTSTRAP")) {
            return Optional.empty();
        }
        Optional<CompilerIdentity> rustc = identities.identify(Path.of(call.tool()), identityArguments());
        if (rustc.isEmpty()) {
            return Optional.empty();
        }
        Optional<Toolchains.Toolchain> toolchain = toolchains.of(rustc.get(), Optional.empty(), call.cwd());
        if (toolchain.isEmpty() || toolchain.get().rustupProxy()) {
            return Optional.empty();
        }
        return identities.output(rustc.get(), call.args());
    }

    /** {@code -vV}, or a crate from stdin asked only to print: no argument that names a file. */
    static boolean isProbe(List<String> args) {
        if (args.equals(List.of("-vV"))) {
            return true;
        }
        if (!args.contains("-") || !args.contains("___") || args.stream().noneMatch(a -> a.startsWith("--print"))) {
            return false;
        }
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.contains("/") || a.startsWith("@") || a.endsWith(".json")) {
                return false;
            }
            switch (a) {
                case "-", "___" -> {
                }
                case "--crate-name", "--crate-type", "--print", "--target", "--cfg", "-C", "--codegen", "-W", "-A",
                        "-D", "--cap-lints" -> i++;
                default -> {
                    boolean glued = a.startsWith("--print=") || a.startsWith("--crate-type=") || a.startsWith("--target=")
                            || a.startsWith("--cfg=") || (a.length() > 2 && "CWAD".indexOf(a.charAt(1)) >= 0
                            && a.charAt(0) == '-' && a.charAt(1) != '-');
                    if (!glued) {
                        return false;
                    }
                }
            }
            if (i < args.size() && (args.get(i).contains("/") || args.get(i).endsWith(".json"))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public Analysis analyze(ToolCall call) {
        return RustArguments.analyze(call.args(), call.cwd());
    }

    @Override
    public Optional<String> namedOutput(ToolCall call) {
        return RustArguments.namedOutput(call.args());
    }

    @Override
    public Optional<Refusal> describeContext(ToolCall call, Invocation invocation, CompilerIdentity rustc,
            KeyHasher h) throws IOException {
        RustInvocation inv = (RustInvocation) invocation;
        PathMap paths = call.pathMap();
        Optional<Toolchains.Toolchain> toolchain = toolchains.of(rustc, inv.sysroot(), call.cwd());
        if (toolchain.isEmpty()) {
            return Optional.of(new Refusal(Reason.COMPILER_UNIDENTIFIED, rustc.path() + " does not say its sysroot"));
        }
        if (toolchain.get().rustupProxy()) {
            return Optional.of(new Refusal(Reason.RUSTUP_PROXY, rustc.path()));
        }
        h.string("compiler.sysroot", toolchain.get().libraries())
                .list("args", inv.keyArgs().stream().map(paths::text).toList())
                .list("env", keyedEnvironment(call.env()).stream().map(paths::text).toList());
        for (String crate : inv.externs()) {
            Optional<FileDigest> d = files.digest(call.cwd().resolve(crate));
            if (d.isEmpty()) {
                return Optional.of(new Refusal(Reason.OPTION_INPUT_MISSING, "--extern " + crate));
            }
            h.string("extern " + paths.text(crate), d.get().hex());
        }
        for (RustInvocation.NativeLibrary lib : inv.nativeLibraries()) {
            Optional<Path> found = find(lib, inv.searchDirs(), call.cwd());
            if (found.isPresent()) {
                Optional<FileDigest> d = files.digest(found.get());
                if (d.isPresent()) {
                    h.string("input " + paths.text(found.get().toString()), d.get().hex());
                }
            }
        }
        if (inv.targetFile().isPresent()) {
            Optional<FileDigest> d = files.digest(call.cwd().resolve(inv.targetFile().get()));
            if (d.isEmpty()) {
                return Optional.of(new Refusal(Reason.OPTION_INPUT_MISSING, "--target " + inv.targetFile().get()));
            }
            h.string("input " + paths.text(inv.targetFile().get()), d.get().hex());
        }
        if (inv.nativeCpu()) {
            Optional<String> meaning = identities.answer(rustc, List.of("--print", "cfg", "-C", "target-cpu=native"));
            if (meaning.isEmpty()) {
                return Optional.of(new Refusal(Reason.NATIVE_CPU_UNKNOWN, rustc.path() + " cannot say what "
                        + NATIVE_CPU + " means"));
            }
            h.string("native " + NATIVE_CPU, meaning.get());
        }
        if (inv.links()) {
            Optional<CompilerIdentity> linker = identities.identifyTool(inv.linker().orElse("cc"), call.cwd(),
                    call.env().getOrDefault("PATH", ""));
            if (linker.isEmpty()) {
                return Optional.of(new Refusal(Reason.COMPILER_UNIDENTIFIED, "the linker "
                        + inv.linker().orElse("cc") + " is not found or does not answer --version"));
            }
            h.string("compiler.linker", linker.get().summary());
        }
        return Optional.empty();
    }

    /**
     * Every crate is made path-free ({@code --remap-path-prefix}); what still names the base (a
     * value of {@code env!("CARGO_MANIFEST_DIR")}, a build script's rpath) is run and not stored
     * (MissCompile checks every output but the dep-info, which is rebased on delivery).
     */
    @Override
    public boolean remapsPaths(Invocation invocation) {
        return true;
    }

    /** Every CARGO_* variable (and CARGO) but the jobserver's, plus RUSTC_BOOTSTRAP: "NAME=value", by name. */
    static List<String> keyedEnvironment(Map<String, String> env) {
        return KeyedEnvironment.select(env.keySet().stream()
                .filter(k -> (k.startsWith("CARGO") || k.equals("OUT_DIR") || k.equals("RUSTC_BOOTSTRAP"))
                        && !JOBSERVER_VARIABLES.contains(k))
                .toList(), env);
    }

    /** Where rustc would find a -l library among the -L directories (the system's are not keyed). */
    static Optional<Path> find(RustInvocation.NativeLibrary lib, List<String> dirs, Path cwd) {
        List<String> names = lib.verbatim() ? List.of(lib.name())
                : List.of("lib" + lib.name() + ".a", "lib" + lib.name() + ".so", lib.name() + ".lib");
        for (String dir : dirs) {
            for (String name : names) {
                Path p = cwd.resolve(dir).resolve(name);
                if (Files.isRegularFile(p)) {
                    return Optional.of(p);
                }
            }
        }
        return Optional.empty();
    }

    @Override
    public MissPlan planMiss(ToolCall call, Invocation invocation, CompilerIdentity rustc, Scratch scratch) {
        RustInvocation inv = (RustInvocation) invocation;
        List<String> argv = new ArrayList<>(call.argv());
        call.pathMap().base().ifPresent(base ->
                // remapped: no output may name the base (debug info, file!()); first, so a map of the user's wins
                argv.add(1, "--remap-path-prefix=" + base + "=."));
        Path depInfo;
        if (inv.depInfo().isPresent()) {
            depInfo = call.cwd().resolve(inv.depInfo().get());
        } else {
            depInfo = scratch.newFile(".d");
            argv.add("--emit=dep-info=" + depInfo);
        }
        Map<String, String> env = new HashMap<>(call.runEnvironment());
        JOBSERVER_VARIABLES.forEach(env::remove);
        return new MissPlan(argv, env, () -> {
            DepInfo info = DepInfo.parse(Files.readString(depInfo, StandardCharsets.UTF_8));
            List<String> closure = new ArrayList<>(info.files().size() + 1);
            closure.add(inv.source());
            closure.addAll(info.files());
            return new LearntInputs.Inputs(closure, RustFamily::moduleShadows, List.of(), info.variables());
        });
    }

    /**
     * A module file has one alternative: {@code foo.rs} and {@code foo/mod.rs} (either one
     * appearing beside the other makes rustc refuse the crate, which a hit must not hide).
     */
    static List<Path> moduleShadows(Path file) {
        String name = file.getFileName().toString();
        Path dir = file.getParent();
        if (dir == null || !name.endsWith(".rs")) {
            return List.of();
        }
        if (name.equals("mod.rs")) {
            Path parent = dir.getParent();
            return parent == null ? List.of() : List.of(parent.resolve(dir.getFileName() + ".rs"));
        }
        return List.of(dir.resolve(name.substring(0, name.length() - 3)).resolve("mod.rs"));
    }
}
