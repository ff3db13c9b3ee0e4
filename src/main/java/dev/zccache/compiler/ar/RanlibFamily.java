package dev.zccache.compiler.ar;

import dev.zccache.compiler.Analysis;
import dev.zccache.compiler.CompilerIdentities;
import dev.zccache.compiler.CompilerIdentity;
import dev.zccache.compiler.Invocation;
import dev.zccache.compiler.MissPlan;
import dev.zccache.compiler.Refusal;
import dev.zccache.compiler.ResponseFiles;
import dev.zccache.compiler.Scratch;
import dev.zccache.compiler.ToolCall;
import dev.zccache.compiler.ToolFamily;
import dev.zccache.hash.FileStateCache;
import dev.zccache.hash.KeyHasher;
import dev.zccache.outcome.Reason;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
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

    private final ArchiveSteps steps;

    public RanlibFamily(CompilerIdentities identities, FileStateCache files) {
        this.steps = new ArchiveSteps(identities, files);
    }

    @Override
    public String name() {
        return "ranlib";
    }

    @Override
    public Set<String> drivers() {
        return Set.of("ranlib", "emranlib");
    }

    @Override
    public List<String> identityArguments() {
        return List.of("--version");
    }

    @Override
    public List<String> keyedVariables() {
        return ArchiveSteps.KEYED_VARIABLES;
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
        // an archive with no members: the archive itself is the whole input, in the key
        return new Analysis.Cacheable(new ArchiveInvocation(archives.get(0), List.of(), List.copyOf(args), deterministic,
                plugin));
    }

    @Override
    public Optional<String> namedOutput(ToolCall call) {
        List<String> args = call.args();
        return args.isEmpty() ? Optional.empty() : Optional.of(args.get(args.size() - 1));
    }

    @Override
    public Optional<Refusal> describeContext(ToolCall call, Invocation invocation, CompilerIdentity ranlib,
            KeyHasher h) throws IOException {
        return steps.describe(call, (ArchiveInvocation) invocation, ranlib, h, true);
    }

    @Override
    public MissPlan planMiss(ToolCall call, Invocation invocation, CompilerIdentity ranlib, Scratch scratch) {
        return ArchiveSteps.plan(call, (ArchiveInvocation) invocation);
    }
}
