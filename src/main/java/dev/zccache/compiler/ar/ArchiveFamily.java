package dev.zccache.compiler.ar;

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
import java.util.List;
import java.util.Map;
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
    static final List<String> KEYED_VARIABLES = List.of("ZERO_AR_DATE", "SOURCE_DATE_EPOCH");

    private final CompilerIdentities identities;
    private final FileStateCache files;

    public ArchiveFamily(CompilerIdentities identities, FileStateCache files) {
        this.identities = identities;
        this.files = files;
    }

    @Override
    public String name() {
        return "ar";
    }

    @Override
    public Set<String> drivers() {
        return Set.of("ar");
    }

    @Override
    public List<String> identityArguments() {
        return List.of("--version");
    }

    @Override
    public List<String> keyedVariables() {
        return KEYED_VARIABLES;
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
        ArchiveInvocation inv = (ArchiveInvocation) invocation;
        switch (inv.deterministic()) {
            case REFUSED -> {
                return Optional.of(new Refusal(Reason.NONDETERMINISTIC_ARCHIVE, "U: the archive holds timestamps and owners"));
            }
            case TOOL_DEFAULT -> {
                if (!deterministicByDefault(identities.answer(ar, List.of("--help")).orElse(""))) {
                    return Optional.of(new Refusal(Reason.NONDETERMINISTIC_ARCHIVE,
                            ar.path() + " does not say D is its default; add D to cache its archives"));
                }
            }
            case ASKED -> {
            }
        }
        h.list("args", inv.keyArgs()).list("env", KeyedEnvironment.select(KEYED_VARIABLES, call.env()));
        if (inv.plugin().isPresent()) {
            Optional<FileDigest> d = files.digest(call.cwd().resolve(inv.plugin().get()));
            if (d.isEmpty()) {
                return Optional.of(new Refusal(Reason.OPTION_INPUT_MISSING, "--plugin " + inv.plugin().get()));
            }
            h.string("input " + inv.plugin().get(), d.get().hex());
        }
        Optional<FileDigest> before = files.digest(call.cwd().resolve(inv.archive()));
        h.string("input " + inv.archive(), before.map(FileDigest::hex).orElse("absent"));
        return Optional.empty();
    }

    /**
     * Whether the tool's help marks D as its default: ar's "[D] - use zero for timestamps…
     * (default)", ranlib's "-D  Use zero for symbol map timestamp (default)".
     */
    static boolean deterministicByDefault(String help) {
        return help.lines().anyMatch(l -> (l.contains("[D]") || l.strip().startsWith("-D ")) && l.contains("(default)"));
    }

    @Override
    public MissPlan planMiss(ToolCall call, Invocation invocation, CompilerIdentity ar, Scratch scratch) {
        ArchiveInvocation inv = (ArchiveInvocation) invocation;
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
                return new LearntInputs.Inputs(inv.members(), LearntInputs.Shadows.NONE, List.of());
            }
        };
    }
}
