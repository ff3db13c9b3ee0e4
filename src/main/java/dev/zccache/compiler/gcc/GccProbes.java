package dev.zccache.compiler.gcc;

import dev.zccache.compiler.CompilerIdentities;
import dev.zccache.compiler.CompilerIdentity;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** What a GCC/Clang driver says about this host, asked through {@link CompilerIdentities} (so once per binary). */
final class GccProbes {

    private final CompilerIdentities identities;

    GccProbes(CompilerIdentities identities) {
        this.identities = identities;
    }

    /**
     * What {@code flag} (e.g. -march=native) expands to for this compiler on this host: the
     * driver's {@code -###} listing of the commands it would run, which names the CPU and every
     * feature flag. Empty if the compiler cannot say.
     */
    Optional<String> describeNative(CompilerIdentity compiler, String flag) {
        return identities.answer(compiler, List.of("-###", flag, "-E", "-x", "c", "/dev/null"));
    }

    /**
     * The compiler's own include directories for a language (-x name), in search order: what
     * {@code -E -v} lists between "#include <...> search starts here:" and "End of search list.",
     * without any user options. Empty if the compiler does not say.
     */
    Optional<List<Path>> systemIncludeDirs(CompilerIdentity compiler, String xLanguage) {
        Optional<String> out = identities.answer(compiler, List.of("-E", "-v", "-x", xLanguage, "/dev/null",
                "-o", "/dev/null"));
        if (out.isEmpty()) {
            return Optional.empty();
        }
        List<Path> dirs = new ArrayList<>();
        boolean inList = false;
        for (String line : out.get().split("\n")) {
            if (line.startsWith("#include <...> search starts here:")) {
                inList = true;
            } else if (line.startsWith("End of search list.")) {
                return Optional.of(List.copyOf(dirs));
            } else if (inList && line.startsWith(" ")) {
                // clang marks macOS framework directories; gcc lists plain paths
                dirs.add(Path.of(line.trim().replace(" (framework directory)", "")).normalize());
            }
        }
        return Optional.empty();
    }
}
