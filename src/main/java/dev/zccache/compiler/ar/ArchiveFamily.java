package dev.zccache.compiler.ar;

import dev.zccache.compiler.Analysis;
import dev.zccache.compiler.CompilerIdentities;
import dev.zccache.compiler.CompilerIdentity;
import dev.zccache.compiler.Invocation;
import dev.zccache.compiler.MissPlan;
import dev.zccache.compiler.Refusal;
import dev.zccache.compiler.Scratch;
import dev.zccache.compiler.ToolCall;
import dev.zccache.compiler.ToolFamily;
import dev.zccache.hash.FileStateCache;
import dev.zccache.hash.KeyHasher;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Archives built from members by ar ({@code ar rcs lib.a a.o b.o}; gcc-ar and llvm-ar alike),
 * cached when the archive is deterministic ({@code D}, or the tool's default without {@code U}:
 * then it holds no timestamps or owners, only the members' names and bytes).
 *
 * <h2>What the key holds</h2>
 * The tool's identity, the arguments in order, the {@code --plugin} file by content, and the
 * archive as it is before the call, by content or as absent: r and q update an existing archive,
 * so its members stay in the result. The members' content comes after, as a compile's closure.
 */
@Component
public final class ArchiveFamily implements ToolFamily {

    static final String KEY_FORMAT = "zccache-ar-1";
    private final ArchiveSteps steps;

    public ArchiveFamily(CompilerIdentities identities, FileStateCache files) {
        this.steps = new ArchiveSteps(identities, files);
    }

    @Override
    public String name() {
        return "ar";
    }

    @Override
    public Set<String> drivers() {
        return Set.of("ar", "emar");
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
        return ArchiveArguments.analyze(call.args(), call.cwd());
    }

    @Override
    public Optional<String> namedOutput(ToolCall call) {
        return ArchiveArguments.namedOutput(call.args());
    }

    @Override
    public Optional<Refusal> describeContext(ToolCall call, Invocation invocation, CompilerIdentity ar, KeyHasher h)
            throws IOException {
        return steps.describe(call, (ArchiveInvocation) invocation, ar, h, false);
    }

    @Override
    public MissPlan planMiss(ToolCall call, Invocation invocation, CompilerIdentity ar, Scratch scratch) {
        return ArchiveSteps.plan(call, (ArchiveInvocation) invocation);
    }
}
