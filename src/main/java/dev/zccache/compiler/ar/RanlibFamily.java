package dev.zccache.compiler.ar;

import dev.zccache.compiler.Analysis;
import dev.zccache.compiler.CompilerIdentities;
import dev.zccache.compiler.CompilerIdentity;
import dev.zccache.compiler.Invocation;
import dev.zccache.compiler.KeyedEnvironment;
import dev.zccache.compiler.LearntInputs;
import dev.zccache.compiler.MissPlan;
import dev.zccache.compiler.Refusal;
import dev.zccache.compiler.ResponseFiles;
import dev.zccache.compiler.Scratch;
import dev.zccache.compiler.ToolCall;
import dev.zccache.compiler.ToolFamily;
import dev.zccache.hash.FileDigest;
import dev.zccache.hash.FileStateCache;
import dev.zccache.hash.KeyHasher;
import dev.zccache.outcome.Reason;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * ranlib (gcc-ranlib, llvm-ranlib) on one archive, in deterministic mode: the archive's content
 * before the call is keyed, and the indexed archive delivered. CMake and automake run it after
 * every {@code ar qc}; the same archive gets the same index.
 */
@Component
public final class RanlibFamily implements ToolFamily {

    static final String KEY_FORMAT = "zccache-ranlib-1";

    private final CompilerIdentities identities;
    private final FileStateCache files;

    public RanlibFamily(CompilerIdentities identities, FileStateCache files) {
        this.identities = identities;
        this.files = files;
    }

    @Override
    public String name() {
        return "ranlib";
    }

    @Override
    public Set<String> drivers() {
        return Set.of("ranlib");
    }

    @Override
    public List<String> identityArguments() {
        return List.of("--version");
    }

    @Override
    public List<String> keyedVariables() {
        return ArchiveFamily.KEYED_VARIABLES;
    }

    @Override
    public String keyFormat() {
        return KEY_FORMAT;
    }

    @Override
    public Analysis analyze(ToolCall call) {
        return analyze(call.args(), call);
    }

    static Analysis analyze(List<String> given, ToolCall call) {
        ResponseFiles.Expansion expanded = ResponseFiles.expand(given, call.cwd());
        if (expanded.error().isPresent()) {
            return new Refusal(Reason.RESPONSE_FILE, expanded.error().get());
        }
        List<String> args = expanded.args();
        ArchiveInvocation.Deterministic deterministic = ArchiveInvocation.Deterministic.TOOL_DEFAULT;
        Optional<String> plugin = Optional.empty();
        List<String> archives = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            switch (a) {
                case "-D" -> deterministic = ArchiveInvocation.Deterministic.ASKED;
                case "-U" -> deterministic = ArchiveInvocation.Deterministic.REFUSED;
                case "--plugin" -> {
                    if (i + 1 >= args.size()) {
                        return new Refusal(Reason.MISSING_ARGUMENT, a);
                    }
                    plugin = Optional.of(args.get(++i));
                }
                case "-h", "--help", "-v", "-V", "--version" -> {
                    return new Refusal(Reason.INFORMATIONAL, a);
                }
                default -> {
                    if (a.startsWith("-")) {
                        return new Refusal(Reason.UNSUPPORTED_OPTION, "ranlib " + a);
                    }
                    archives.add(a);
                }
            }
        }
        if (archives.size() != 1) {
            return new Refusal(archives.isEmpty() ? Reason.NO_INPUT : Reason.MULTIPLE_INPUTS,
                    "ranlib of " + archives.size() + " archives");
        }
        return new Analysis.Cacheable(new RanlibInvocation(archives.get(0), List.copyOf(args), deterministic, plugin));
    }

    @Override
    public Optional<String> namedOutput(ToolCall call) {
        List<String> args = call.args();
        return args.isEmpty() ? Optional.empty() : Optional.of(args.get(args.size() - 1));
    }

    @Override
    public Optional<Refusal> describeContext(ToolCall call, Invocation invocation, CompilerIdentity ranlib,
            KeyHasher h) throws IOException {
        RanlibInvocation inv = (RanlibInvocation) invocation;
        if (inv.deterministic() == ArchiveInvocation.Deterministic.REFUSED
                || (inv.deterministic() == ArchiveInvocation.Deterministic.TOOL_DEFAULT
                        && !ArchiveFamily.deterministicByDefault(identities.answer(ranlib, List.of("--help")).orElse("")))) {
            return Optional.of(new Refusal(Reason.NONDETERMINISTIC_ARCHIVE, "ranlib would stamp the symbol map's time"));
        }
        h.list("args", inv.keyArgs()).list("env", KeyedEnvironment.select(ArchiveFamily.KEYED_VARIABLES, call.env()));
        if (inv.plugin().isPresent()) {
            Optional<FileDigest> d = files.digest(call.cwd().resolve(inv.plugin().get()));
            if (d.isEmpty()) {
                return Optional.of(new Refusal(Reason.OPTION_INPUT_MISSING, "--plugin " + inv.plugin().get()));
            }
            h.string("input " + inv.plugin().get(), d.get().hex());
        }
        Optional<FileDigest> before = files.digest(call.cwd().resolve(inv.archive()));
        if (before.isEmpty()) {
            return Optional.of(new Refusal(Reason.OPTION_INPUT_MISSING, inv.archive() + " does not exist"));
        }
        h.string("input " + inv.archive(), before.get().hex());
        return Optional.empty();
    }

    @Override
    public MissPlan planMiss(ToolCall call, Invocation invocation, CompilerIdentity ranlib, Scratch scratch) {
        Map<String, String> env = call.runEnvironment();
        return new MissPlan() {
            @Override
            public List<String> argv() {
                return call.argv();
            }

            @Override
            public Map<String, String> environment() {
                return env;
            }

            @Override
            public LearntInputs learn() {
                // the archive as it was is the whole input, and it is in the key
                return new LearntInputs.Inputs(List.of(), LearntInputs.Shadows.NONE, List.of());
            }
        };
    }
}
