package dev.zccache.compiler.ar;

import dev.zccache.compiler.CompilerIdentities;
import dev.zccache.compiler.CompilerIdentity;
import dev.zccache.compiler.KeyedEnvironment;
import dev.zccache.compiler.LearntInputs;
import dev.zccache.compiler.MissPlan;
import dev.zccache.compiler.Refusal;
import dev.zccache.compiler.ToolCall;
import dev.zccache.hash.FileDigest;
import dev.zccache.hash.FileStateCache;
import dev.zccache.hash.KeyHasher;
import dev.zccache.outcome.Reason;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * What ar and ranlib share: their part of the key (deterministic mode, the arguments, a
 * {@code --plugin} by content, the archive as it is before the call) and their miss, run as given
 * with the members as its inputs.
 */
final class ArchiveSteps {

    static final List<String> KEYED_VARIABLES = List.of("ZERO_AR_DATE", "SOURCE_DATE_EPOCH");

    private final CompilerIdentities identities;
    private final FileStateCache files;

    ArchiveSteps(CompilerIdentities identities, FileStateCache files) {
        this.identities = identities;
        this.files = files;
    }

    /**
     * @param mustExist the step updates an archive that must be there (ranlib); otherwise an
     *     absent archive is keyed as absent (ar r and q create it)
     */
    Optional<Refusal> describe(ToolCall call, ArchiveInvocation inv, CompilerIdentity tool, KeyHasher h,
            boolean mustExist) throws IOException {
        switch (inv.deterministic()) {
            case REFUSED -> {
                return Optional.of(new Refusal(Reason.NONDETERMINISTIC_ARCHIVE, "U: the archive would hold timestamps"));
            }
            case TOOL_DEFAULT -> {
                if (!deterministicByDefault(identities.answer(tool, List.of("--help")).orElse(""))) {
                    return Optional.of(new Refusal(Reason.NONDETERMINISTIC_ARCHIVE,
                            tool.path() + " does not say D is its default; add D to cache what it writes"));
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
        if (before.isEmpty() && mustExist) {
            return Optional.of(new Refusal(Reason.OPTION_INPUT_MISSING, inv.archive() + " does not exist"));
        }
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

    /** Runs the call as given; its inputs are the members (none for ranlib: the archive is in the key). */
    static MissPlan plan(ToolCall call, ArchiveInvocation inv) {
        return new MissPlan(call.argv(), call.runEnvironment(),
                () -> new LearntInputs.Inputs(inv.members(), LearntInputs.Shadows.NONE, List.of()));
    }
}
