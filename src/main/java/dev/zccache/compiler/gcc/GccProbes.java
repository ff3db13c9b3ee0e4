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

    /** The driver's library directories, in search order ({@code -print-search-dirs}: "libraries: =a:b"). */
    Optional<List<Path>> libraryDirs(CompilerIdentity compiler) {
        return identities.answer(compiler, List.of("-print-search-dirs")).flatMap(GccProbes::libraries);
    }

    static Optional<List<Path>> libraries(String searchDirs) {
        for (String line : searchDirs.split("\n")) {
            if (line.startsWith("libraries: ")) {
                String list = line.substring("libraries: ".length());
                List<Path> dirs = new ArrayList<>();
                for (String d : (list.startsWith("=") ? list.substring(1) : list).split(":")) {
                    if (!d.isEmpty()) {
                        dirs.add(Path.of(d).normalize());
                    }
                }
                return Optional.of(List.copyOf(dirs));
            }
        }
        return Optional.empty();
    }

    /**
     * The linker the driver runs: {@code -print-prog-name=ld} (or {@code ld.lld} for
     * {@code -fuse-ld=lld}), a path or a bare name to find on PATH.
     */
    String linker(CompilerIdentity compiler, Optional<String> fuseLd) {
        String name = fuseLd.map(l -> "ld." + l).orElse("ld");
        return identities.answer(compiler, List.of("-print-prog-name=" + name)).map(String::strip)
                .filter(p -> !p.isEmpty()).orElse(name);
    }
}
