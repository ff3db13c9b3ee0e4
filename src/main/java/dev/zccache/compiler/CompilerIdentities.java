package dev.zccache.compiler;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.zccache.hash.FileDigest;
import dev.zccache.hash.FileStateCache;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Identifies compilers cheaply: the executable's digest comes from the {@link FileStateCache}
 * (a stat per compile once warm); its {@code --version} text and what {@code -march=native}
 * means on this host are asked once per digest and path, and remembered.
 *
 * <h2>Implementation notes</h2>
 * Per path, not per digest alone: one binary answers under each of its names with that name
 * ({@code c++ (Debian 12.2.0) ...} and {@code g++ (Debian 12.2.0) ...}, {@code COLLECT_GCC=c++}
 * in {@code -###}), and those answers go into the cache key. Remembered per digest only, a key
 * depended on which name had asked first since the daemon started: {@code c++} and {@code g++}
 * builds sharing a cache missed each other's entries after a restart.
 */
public final class CompilerIdentities {

    private static final long QUERY_TIMEOUT_SECONDS = 30;

    private final FileStateCache files;
    private final Cache<String, String> versions = Caffeine.newBuilder().maximumSize(256).build();
    private final Cache<String, String> natives = Caffeine.newBuilder().maximumSize(256).build();
    private final Cache<String, List<Path>> systemDirs = Caffeine.newBuilder().maximumSize(256).build();

    public CompilerIdentities(FileStateCache files) {
        this.files = files;
    }

    /** The identity, or empty when the compiler is gone or does not answer --version. */
    public Optional<CompilerIdentity> identify(Path compiler) throws IOException {
        Optional<FileDigest> digest = files.digest(compiler);
        if (digest.isEmpty()) {
            return Optional.empty();
        }
        String key = digest.get().hex() + '\0' + compiler;
        String version = versions.getIfPresent(key);
        if (version == null) {
            Optional<String> asked = ask(compiler, List.of("--version"));
            if (asked.isEmpty()) {
                return Optional.empty();
            }
            version = asked.get();
            versions.put(key, version);
        }
        return Optional.of(new CompilerIdentity(compiler.toString(), digest.get().hex(), version));
    }

    /**
     * What {@code flag} (e.g. -march=native) expands to for this compiler on this host: the
     * driver's {@code -###} listing of the commands it would run, which names the CPU and every
     * feature flag. Empty if the compiler cannot say.
     */
    public Optional<String> describeNative(CompilerIdentity compiler, String flag) {
        String key = compiler.digest() + '\0' + compiler.path() + '\0' + flag;
        String known = natives.getIfPresent(key);
        if (known != null) {
            return Optional.of(known);
        }
        Optional<String> described = ask(Path.of(compiler.path()), List.of("-###", flag, "-E", "-x", "c", "/dev/null"));
        described.ifPresent(d -> natives.put(key, d));
        return described;
    }

    /**
     * The compiler's own include directories for a language (-x name), in search order: what
     * {@code -E -v} lists between "#include <...> search starts here:" and "End of search list.",
     * without any user options. Empty if the compiler does not say.
     */
    public Optional<List<Path>> systemIncludeDirs(CompilerIdentity compiler, String xLanguage) {
        String key = compiler.digest() + '\0' + compiler.path() + '\0' + xLanguage;
        List<Path> known = systemDirs.getIfPresent(key);
        if (known != null) {
            return Optional.of(known);
        }
        Optional<String> out = ask(Path.of(compiler.path()), List.of("-E", "-v", "-x", xLanguage, "/dev/null",
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
                List<Path> result = List.copyOf(dirs);
                systemDirs.put(key, result);
                return Optional.of(result);
            } else if (inList && line.startsWith(" ")) {
                // clang marks macOS framework directories; gcc lists plain paths
                dirs.add(Path.of(line.trim().replace(" (framework directory)", "")).normalize());
            }
        }
        return Optional.empty();
    }

    /** Runs the compiler with args, in the C locale; its stdout and stderr, or empty on failure. */
    private static Optional<String> ask(Path compiler, List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(compiler.toString());
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Map<String, String> env = pb.environment();
        env.put("LC_ALL", "C");
        try {
            Process p = pb.start();
            byte[] out;
            try (InputStream in = p.getInputStream()) {
                out = in.readAllBytes();
            }
            if (!p.waitFor(QUERY_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return Optional.empty();
            }
            return p.exitValue() == 0 ? Optional.of(new String(out, StandardCharsets.UTF_8)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
