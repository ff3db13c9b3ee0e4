package dev.zccache.cache;

import dev.zccache.compiler.CompilerIdentities;
import dev.zccache.compiler.CompilerIdentity;
import dev.zccache.compiler.gcc.GccInvocation;
import dev.zccache.hash.FileDigest;
import dev.zccache.hash.FileStateCache;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Builds the context key of a GCC/Clang compile (DESIGN.md §3): everything but the include
 * closure, which the manifest found under this key adds.
 */
public final class ContextKeys {

    /** Bumped whenever what goes into a key changes, so old entries simply stop matching. */
    static final String KEY_FORMAT = "zccache-gcc-1";

    private final CompilerIdentities identities;
    private final FileStateCache files;

    public ContextKeys(CompilerIdentities identities, FileStateCache files) {
        this.identities = identities;
        this.files = files;
    }

    /** A key, or the reason (stats id) there can be none. */
    public sealed interface Outcome {
    }

    public record Built(ContextKey key) implements Outcome {
    }

    public record Refused(String reason, String detail) implements Outcome {
    }

    /**
     * @param compiler the compiler as the launcher resolved it (its name picks the driver mode:
     *     clang and clang++ are one binary)
     */
    public Outcome build(CompilerIdentity compiler, GccInvocation invocation, Path cwd, Map<String, String> env)
            throws IOException {
        KeyHasher h = new KeyHasher()
                .string("format", KEY_FORMAT)
                .string("compiler.path", compiler.path())
                .string("compiler.digest", compiler.digest())
                .string("compiler.version", compiler.version())
                // the cwd reaches debug info and every relative path in the closure; keying it
                // always costs cross-directory hits, never correctness
                .string("cwd", cwd.toString())
                .string("language", invocation.language().xName())
                .list("args", invocation.keyArgs())
                .list("env", KeyedEnvironment.forCFamily(env));
        if (invocation.outputInKey()) {
            h.string("output", invocation.output());
        }
        if (invocation.nativeCpu()) {
            for (String arg : invocation.keyArgs()) {
                if (arg.equals("-march=native") || arg.equals("-mcpu=native") || arg.equals("-mtune=native")) {
                    Optional<String> meaning = identities.describeNative(compiler, arg);
                    if (meaning.isEmpty()) {
                        return new Refused("native-cpu-unknown", compiler.path() + " cannot say what " + arg + " means");
                    }
                    h.string("native " + arg, meaning.get());
                }
            }
        }
        for (String input : invocation.optionInputs()) {
            Optional<FileDigest> d = files.digest(cwd.resolve(input));
            if (d.isEmpty()) {
                return new Refused("option-input-missing", input);
            }
            h.string("input " + input, d.get().hex());
        }
        return new Built(new ContextKey(h.key(), h.dump()));
    }
}
