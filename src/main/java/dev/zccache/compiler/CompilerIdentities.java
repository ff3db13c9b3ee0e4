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
 * Identifies tools cheaply: the executable's digest comes from the {@link FileStateCache} (a
 * stat per compile once warm); its version text and any other question a family asks of it
 * ({@code -###}, include directories) are asked once per digest and path, and remembered.
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
    private final Cache<String, String> answers = Caffeine.newBuilder().maximumSize(1024).build();
    private final Cache<String, byte[]> outputs = Caffeine.newBuilder().maximumSize(256).build();

    public CompilerIdentities(FileStateCache files) {
        this.files = files;
    }

    /** The identity by {@code --version}, or empty when the compiler is gone or does not answer. */
    public Optional<CompilerIdentity> identify(Path compiler) throws IOException {
        return identify(compiler, List.of("--version"));
    }

    /**
     * The identity, or empty when the tool is gone or does not answer.
     *
     * @param versionArguments what makes the tool print its version ({@code --version}, {@code -vV})
     */
    public Optional<CompilerIdentity> identify(Path compiler, List<String> versionArguments) throws IOException {
        Optional<FileDigest> digest = files.digest(compiler);
        if (digest.isEmpty()) {
            return Optional.empty();
        }
        Optional<String> version = answer(compiler.toString(), digest.get().hex(), versionArguments);
        return version.map(v -> new CompilerIdentity(compiler.toString(), digest.get().hex(), v));
    }

    /**
     * What the tool prints (stdout and stderr, C locale) when run with {@code args}, asked once
     * per (binary digest, path, args) and remembered; empty when it fails or times out.
     */
    public Optional<String> answer(CompilerIdentity tool, List<String> args) {
        return answer(tool.path(), tool.digest(), args);
    }

    /**
     * Exactly what the tool writes to stdout when run with {@code args} and an empty stdin, asked
     * once per (binary digest, path, args) and remembered; empty unless it exits 0 having written
     * nothing to stderr (then the answer is not all of what a caller would see).
     */
    public Optional<byte[]> output(CompilerIdentity tool, List<String> args) throws IOException {
        String key = tool.digest() + '\0' + tool.path() + '\0' + String.join("\0", args);
        byte[] known = outputs.getIfPresent(key);
        if (known != null) {
            return Optional.of(known);
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(tool.path());
        cmd.addAll(args);
        java.io.File err = java.io.File.createTempFile("zccache-probe-", ".err");
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(err)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            Process p = pb.start();
            byte[] out;
            try (InputStream in = p.getInputStream()) {
                out = in.readAllBytes();
            }
            if (!p.waitFor(QUERY_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return Optional.empty();
            }
            if (p.exitValue() != 0 || err.length() != 0) {
                return Optional.empty();
            }
            outputs.put(key, out);
            return Optional.of(out);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } finally {
            err.delete();
        }
    }

    private Optional<String> answer(String path, String digest, List<String> args) {
        String key = digest + '\0' + path + '\0' + String.join("\0", args);
        String known = answers.getIfPresent(key);
        if (known != null) {
            return Optional.of(known);
        }
        Optional<String> asked = ask(Path.of(path), args);
        asked.ifPresent(a -> answers.put(key, a));
        return asked;
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
