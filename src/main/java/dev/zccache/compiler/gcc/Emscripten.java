package dev.zccache.compiler.gcc;

import dev.zccache.compiler.CompilerIdentities;
import dev.zccache.compiler.CompilerIdentity;
import dev.zccache.compiler.Refusal;
import dev.zccache.compiler.ToolCall;
import dev.zccache.hash.FileDigest;
import dev.zccache.hash.FileStateCache;
import dev.zccache.hash.FileStat;
import dev.zccache.hash.KeyHasher;
import dev.zccache.hash.Sha256;
import dev.zccache.outcome.Reason;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What an emcc call depends on beyond its arguments, found without starting Python (emcc is a
 * Python program; a hit must not run it): the Emscripten installation (emcc's directory), its
 * config file by content and what it names (the clang and wasm-ld it drives, binaryen's wasm-opt
 * and node, each by content and version), and for a link the system libraries of its cache.
 *
 * <h2>Implementation notes</h2>
 * The installation (some 3 400 Python, JavaScript and C files) is keyed by a listing of its
 * files with sizes and times, made once and made again when emcc.py, the version file or one of
 * the source directories changes (an edit by rename, a package upgrade). The cache's libraries
 * (about 200 archives) are listed on every link lookup: emcc may rebuild one in place.
 */
final class Emscripten {

    /** Directories of an installation that emcc never reads while it builds. */
    private static final Set<String> NOT_READ = Set.of("cache", "tests", "test", "docs", "site", "__pycache__",
            ".git", "media");

    private static final Pattern SETTING = Pattern.compile("^([A-Z_][A-Z0-9_]*)\\s*=\\s*(.+?)\\s*(#.*)?$");

    private record Listing(String stamp, String digest) {
    }

    private final CompilerIdentities identities;
    private final FileStateCache files;
    private final Map<Path, Listing> installs = new ConcurrentHashMap<>();
    private final Map<String, Map<String, String>> configs = new ConcurrentHashMap<>();

    Emscripten(CompilerIdentities identities, FileStateCache files) {
        this.identities = identities;
        this.files = files;
    }

    /**
     * Writes the installation, config and tools into the key; empty, or why no key can be made.
     *
     * @param link a link: wasm-ld, wasm-opt, node and the cache's libraries count too
     */
    Optional<Refusal> describe(ToolCall call, CompilerIdentity emcc, EmccArguments.Split split, boolean link,
            KeyHasher h) throws IOException {
        Path root = Path.of(emcc.path()).toRealPath().getParent();
        if (root == null || !Files.isRegularFile(root.resolve("emcc.py"))) {
            return unidentified(emcc.path() + " is not in an Emscripten installation (no emcc.py beside it)");
        }
        h.string("emscripten.install", root + " " + install(root));
        Optional<Path> configFile = configFile(call, root, split);
        Map<String, String> config = Map.of();
        if (configFile.isPresent()) {
            Optional<FileDigest> d = files.digest(configFile.get());
            if (d.isEmpty()) {
                return unidentified("the Emscripten config " + configFile.get() + " cannot be read");
            }
            h.string("emscripten.config", configFile.get() + " " + d.get().hex());
            config = settings(configFile.get(), d.get().hex());
        } else {
            h.string("emscripten.config", "none");
        }
        Map<String, String> env = call.env();
        Optional<String> llvmRoot = setting("LLVM_ROOT", config, env);
        if (llvmRoot.isEmpty()) {
            return unidentified("the Emscripten config names no LLVM_ROOT");
        }
        Optional<String> clangVersion = setting("CLANG_ADD_VERSION", config, env).or(
                () -> Optional.ofNullable(env.get("CLANG_ADD_VERSION")));
        Optional<String> llvmVersion = setting("LLVM_ADD_VERSION", config, env).or(
                () -> Optional.ofNullable(env.get("LLVM_ADD_VERSION")));
        Optional<Refusal> clang = tool(h, "clang", Path.of(llvmRoot.get(), "clang" + clangVersion.map(v -> "-" + v).orElse("")), true);
        if (clang.isPresent() || !link) {
            return clang;
        }
        Optional<Refusal> ld = tool(h, "wasm-ld", Path.of(llvmRoot.get(), "wasm-ld" + llvmVersion.map(v -> "-" + v).orElse("")), true);
        if (ld.isPresent()) {
            return ld;
        }
        Optional<String> binaryen = setting("BINARYEN_ROOT", config, env);
        if (binaryen.isPresent()) {
            tool(h, "wasm-opt", Path.of(binaryen.get(), "bin", "wasm-opt"), false);
        }
        Optional<String> node = setting("NODE_JS", config, env);
        if (node.isPresent()) {
            tool(h, "node", Path.of(node.get()), false);
        }
        h.string("emscripten.libraries", libraries(cacheDir(call, root, split, config).resolve("sysroot/lib")));
        return Optional.empty();
    }

    private static Optional<Refusal> unidentified(String why) {
        return Optional.of(new Refusal(Reason.COMPILER_UNIDENTIFIED, why));
    }

    private Optional<Refusal> tool(KeyHasher h, String name, Path path, boolean required) throws IOException {
        Optional<CompilerIdentity> id = identities.identify(path);
        if (id.isEmpty() && required) {
            return unidentified("Emscripten's " + name + " " + path + " is not found or does not answer --version");
        }
        h.string("emscripten." + name, id.map(CompilerIdentity::summary).orElse("absent " + path));
        return Optional.empty();
    }

    /** Where emcc reads its config: --em-config, EM_CONFIG, the installation's, emsdk's, the user's. */
    static Optional<Path> configFile(ToolCall call, Path root, EmccArguments.Split split) {
        if (split.config().isPresent()) {
            return Optional.of(call.cwd().resolve(split.config().get()));
        }
        String fromEnv = call.env().get("EM_CONFIG");
        if (fromEnv != null && !fromEnv.isEmpty()) {
            return Optional.of(call.cwd().resolve(fromEnv));
        }
        Path embedded = root.resolve(".emscripten");
        if (Files.isRegularFile(embedded)) {
            return Optional.of(embedded);
        }
        Path parent = root.getParent();
        Path emsdk = parent == null || parent.getParent() == null ? null : parent.getParent().resolve(".emscripten");
        if (emsdk != null && Files.isRegularFile(emsdk)) {
            return Optional.of(emsdk);
        }
        String home = call.env().get("HOME");
        if (home != null && Files.isRegularFile(Path.of(home, ".emscripten"))) {
            return Optional.of(Path.of(home, ".emscripten"));
        }
        return Optional.empty();
    }

    /** A config setting: the EM_KEY variable overrides the file's. */
    static Optional<String> setting(String key, Map<String, String> config, Map<String, String> env) {
        String v = env.get("EM_" + key);
        return Optional.ofNullable(v != null ? v : config.get(key));
    }

    /** The cache: --cache, EM_CACHE, the config's CACHE, else the installation's (frozen) or the user's. */
    private static Path cacheDir(ToolCall call, Path root, EmccArguments.Split split, Map<String, String> config) {
        Optional<String> cache = split.cache().or(() -> setting("CACHE", config, call.env()));
        if (cache.isPresent()) {
            return call.cwd().resolve(cache.get());
        }
        if ("True".equals(config.get("FROZEN_CACHE"))) {
            return root.resolve("cache");
        }
        return Path.of(call.env().getOrDefault("HOME", "/"), ".emscripten_cache");
    }

    /** The simple settings of a config file (KEY = 'text', KEY = True): a config is Python, read no further. */
    private Map<String, String> settings(Path file, String digest) throws IOException {
        Map<String, String> known = configs.get(digest);
        if (known != null) {
            return known;
        }
        Map<String, String> out = parseSettings(Files.readString(file, StandardCharsets.UTF_8));
        configs.put(digest, out);
        return out;
    }

    static Map<String, String> parseSettings(String text) {
        Map<String, String> out = new HashMap<>();
        for (String line : text.split("\n")) {
            Matcher m = SETTING.matcher(line.strip());
            if (!m.matches()) {
                continue;
            }
            String v = m.group(2);
            if (v.length() >= 2 && (v.charAt(0) == '\'' || v.charAt(0) == '"') && v.charAt(v.length() - 1) == v.charAt(0)) {
                v = v.substring(1, v.length() - 1);
            }
            out.put(m.group(1), v);
        }
        return Map.copyOf(out);
    }

    /** The installation's listing, made again when its main files or source directories change. */
    private String install(Path root) throws IOException {
        StringBuilder stamp = new StringBuilder();
        for (String f : List.of("emcc.py", "emscripten-version.txt", "src", "tools", "system", "third_party")) {
            FileStat.Info s = FileStat.follow(root.resolve(f));
            stamp.append(f).append(' ').append(s == null ? "-" : s.size() + ":" + s.mtimeNanos()).append('\n');
        }
        Listing known = installs.get(root);
        if (known != null && known.stamp().equals(stamp.toString())) {
            return known.digest();
        }
        Map<String, String> found = new TreeMap<>();
        list(root, root, found, true);
        Listing made = new Listing(stamp.toString(), digest(found));
        installs.put(root, made);
        return made.digest();
    }

    /** Every library of the cache's sysroot, by name, size and time. */
    static String libraries(Path libDir) throws IOException {
        Map<String, String> found = new TreeMap<>();
        list(libDir, libDir, found, false);
        return libDir + " " + found.size() + " " + digest(found);
    }

    private static void list(Path dir, Path root, Map<String, String> found, boolean skipUnread) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> entries = Files.list(dir)) {
            for (Path p : entries.toList()) {
                if (skipUnread && NOT_READ.contains(p.getFileName().toString())) {
                    continue;
                }
                FileStat.Info s = FileStat.follow(p);
                if (s == null) {
                    continue;
                }
                if (s.directory()) {
                    list(p, root, found, skipUnread);
                } else {
                    found.put(root.relativize(p).toString(), s.size() + " " + s.mtimeNanos());
                }
            }
        }
    }

    private static String digest(Map<String, String> found) {
        StringBuilder out = new StringBuilder();
        found.forEach((name, stat) -> out.append(name).append(' ').append(stat).append('\n'));
        return Sha256.hex(Sha256.of(out.toString().getBytes(StandardCharsets.UTF_8)));
    }
}
