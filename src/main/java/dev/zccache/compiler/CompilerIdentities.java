package dev.zccache.compiler;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.zccache.hash.FileDigest;
import dev.zccache.hash.FileStateCache;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
    private final ProbeAnswers kept;

    /** Answers kept in memory only (tests). */
    public CompilerIdentities(FileStateCache files) {
        this(files, null);
    }

    /**
     * @param keptIn where answers are kept across daemon restarts (null: nowhere): a fresh daemon
     *     then asks the tools nothing it asked before, by the same binary digest and path
     */
    public CompilerIdentities(FileStateCache files, Path keptIn) {
        this.files = files;
        this.kept = keptIn == null ? ProbeAnswers.NONE : new ProbeAnswers(keptIn);
        kept.load(answers::put, outputs::put);
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
     * A tool a family keys beside the one it runs (a linker), by {@code --version}: {@code name}
     * with a '/' is a path (relative to the call's cwd), else found on the call's PATH. Empty when
     * it is not found or does not answer.
     */
    public Optional<CompilerIdentity> identifyTool(String name, Path cwd, String pathVariable) throws IOException {
        if (name.contains("/")) {
            return identify(cwd.resolve(name), List.of("--version"));
        }
        for (String dir : pathVariable.split(":")) {
            Path p = Path.of(dir.isEmpty() ? "." : dir).resolve(name);
            if (Files.isExecutable(p) && !Files.isDirectory(p)) {
                return identify(p, List.of("--version"));
            }
        }
        return Optional.empty();
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
        String key = key(tool.path(), tool.digest(), args);
        byte[] known = outputs.getIfPresent(key);
        if (known != null) {
            return Optional.of(known);
        }
        java.io.File err = java.io.File.createTempFile("zccache-probe-", ".err");
        try {
            Optional<byte[]> out = run(new ProcessBuilder(command(tool.path(), args)).redirectError(err))
                    .filter(o -> err.length() == 0);
            out.ifPresent(o -> {
                outputs.put(key, o);
                kept.output(key, o);
            });
            return out;
        } finally {
            err.delete();
        }
    }

    private Optional<String> answer(String path, String digest, List<String> args) {
        String key = key(path, digest, args);
        String known = answers.getIfPresent(key);
        if (known != null) {
            return Optional.of(known);
        }
        // stdout and stderr, in the C locale
        ProcessBuilder pb = new ProcessBuilder(command(path, args)).redirectErrorStream(true);
        pb.environment().put("LC_ALL", "C");
        Optional<String> asked = run(pb).map(out -> new String(out, StandardCharsets.UTF_8));
        asked.ifPresent(a -> {
            answers.put(key, a);
            kept.answer(key, a);
        });
        return asked;
    }

    private static String key(String path, String digest, List<String> args) {
        return digest + '\0' + path + '\0' + String.join("\0", args);
    }

    private static List<String> command(String tool, List<String> args) {
        List<String> cmd = new ArrayList<>(args.size() + 1);
        cmd.add(tool);
        cmd.addAll(args);
        return cmd;
    }

    /** Runs it with an empty stdin; its stdout when it exits 0 within the timeout, else empty. */
    private static Optional<byte[]> run(ProcessBuilder pb) {
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
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
            return p.exitValue() == 0 ? Optional.of(out) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
