package dev.zccache.cache;

import dev.zccache.compiler.CompilerIdentity;
import dev.zccache.compiler.Invocation;
import dev.zccache.compiler.PathMap;
import dev.zccache.compiler.Refusal;
import dev.zccache.compiler.ToolCall;
import dev.zccache.compiler.ToolFamily;
import dev.zccache.hash.KeyHasher;
import java.io.IOException;
import java.util.Optional;

/**
 * Builds the context key of a call (DESIGN.md §3): everything but the inputs learnt on a miss,
 * which the manifest found under this key adds. The common part (the family's key format, the
 * tool's identity, the cwd) comes first; the family writes the rest.
 */
public final class ContextKeys {

    /** A key, or why there can be none. */
    public sealed interface Outcome {
    }

    public record Built(ContextKey key) implements Outcome {
    }

    public record Refused(Refusal refusal) implements Outcome {
    }

    public Outcome build(ToolFamily family, CompilerIdentity tool, ToolCall call, Invocation invocation)
            throws IOException {
        PathMap paths = family.remapsPaths(invocation) ? call.pathMap() : PathMap.NONE;
        KeyHasher h = new KeyHasher()
                .string("format", family.keyFormat())
                .string("compiler.path", tool.path())
                .string("compiler.digest", tool.digest())
                .string("compiler.version", tool.version())
                // the cwd reaches debug info and every relative path in the closure; keying it
                // always costs cross-directory hits, never correctness
                .string("cwd", paths.relative(call.cwd().toString()));
        if (paths.active()) {
            // remapped entries are of compiles made path-free: never shared with absolute ones
            h.string("paths", "under " + PathMap.MARKER + " relative to it");
        }
        Optional<Refusal> refused = family.describeContext(call, invocation, tool, h);
        if (refused.isPresent()) {
            return new Refused(refused.get());
        }
        return new Built(new ContextKey(h.key(), h.dump(), paths));
    }
}
