package dev.zccache.compiler.rust;

import dev.zccache.compiler.CompilerIdentities;
import dev.zccache.compiler.CompilerIdentity;
import dev.zccache.hash.Sha256;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * What a rustc's key needs beyond its own binary, found once per (binary, path, version, sysroot):
 * the libraries of its sysroot (the compiler's own {@code librustc_driver}, and every target's
 * std), by name and size: a toolchain's library names carry its build's hashes, so a changed std
 * changes this. And whether the "rustc" is rustup's proxy, which runs whichever toolchain the
 * caller's directory and environment select.
 */
final class Toolchains {

    record Toolchain(boolean rustupProxy, String libraries) {
    }

    private final CompilerIdentities identities;
    private final Map<String, Toolchain> known = new ConcurrentHashMap<>();

    Toolchains(CompilerIdentities identities) {
        this.identities = identities;
    }

    /** Empty when rustc cannot say its sysroot. */
    Optional<Toolchain> of(CompilerIdentity rustc, Optional<String> sysrootOption, Path cwd) throws IOException {
        String key = rustc.digest() + '\0' + rustc.path() + '\0' + rustc.version() + '\0'
                + sysrootOption.map(s -> cwd.resolve(s).toString()).orElse("");
        Toolchain t = known.get(key);
        if (t != null) {
            return Optional.of(t);
        }
        Path real = Path.of(rustc.path()).toRealPath();
        if (real.getFileName().toString().startsWith("rustup")) {
            t = new Toolchain(true, "");
        } else {
            Optional<String> sysroot = sysrootOption.map(s -> cwd.resolve(s).toString())
                    .or(() -> identities.answer(rustc, List.of("--print", "sysroot")).map(String::strip));
            if (sysroot.isEmpty()) {
                return Optional.empty();
            }
            t = new Toolchain(false, libraries(Path.of(sysroot.get())));
        }
        known.put(key, t);
        return Optional.of(t);
    }

    /** The sysroot and the SHA-256 of "path size" per library of it, one per line, sorted. */
    static String libraries(Path sysroot) throws IOException {
        Map<String, Long> found = new TreeMap<>();
        listInto(sysroot.resolve("lib"), sysroot, found);
        Path rustlib = sysroot.resolve("lib/rustlib");
        if (Files.isDirectory(rustlib)) {
            try (Stream<Path> targets = Files.list(rustlib)) {
                for (Path target : targets.toList()) {
                    listInto(target.resolve("lib"), sysroot, found);
                }
            }
        }
        StringBuilder out = new StringBuilder();
        found.forEach((name, size) -> out.append(name).append(' ').append(size).append('\n'));
        return sysroot + " " + Sha256.hex(Sha256.of(out.toString().getBytes(StandardCharsets.UTF_8)));
    }

    private static void listInto(Path dir, Path sysroot, Map<String, Long> found) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) {
                if (Files.isRegularFile(f)) {
                    found.put(sysroot.relativize(f).toString(), Files.size(f));
                }
            }
        }
    }
}
