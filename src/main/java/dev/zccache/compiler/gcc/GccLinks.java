package dev.zccache.compiler.gcc;

import dev.zccache.compiler.CompilerIdentities;
import dev.zccache.compiler.CompilerIdentity;
import dev.zccache.compiler.KeyedEnvironment;
import dev.zccache.compiler.PathMap;
import dev.zccache.compiler.LearntInputs;
import dev.zccache.compiler.MissPlan;
import dev.zccache.compiler.Refusal;
import dev.zccache.compiler.Scratch;
import dev.zccache.compiler.ToolCall;
import dev.zccache.hash.KeyHasher;
import dev.zccache.outcome.Reason;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** The link half of the GCC/Clang family: a link's part of the key, and how its miss learns what it read. */
final class GccLinks {

    /** A link's variables: the compile's, and the run path ld records from the environment. */
    static final List<String> VARIABLES = Stream.concat(GccFamily.KEYED_VARIABLES.stream(), Stream.of("LD_RUN_PATH"))
            .toList();

    private final GccProbes probes;
    private final CompilerIdentities identities;

    GccLinks(GccProbes probes, CompilerIdentities identities) {
        this.probes = probes;
        this.identities = identities;
    }

    /**
     * A link's key: the arguments in order, the link variables, and the linker the driver runs
     * by content and version (the objects, archives and libraries it read come from the miss).
     */
    Optional<Refusal> describe(ToolCall call, LinkInvocation link, CompilerIdentity driver, KeyHasher h)
            throws IOException {
        PathMap paths = link.remapsPaths() ? call.pathMap() : PathMap.NONE;
        h.string("language", "link").list("args", link.keyArgs().stream().map(paths::argument).toList())
                .list("env", KeyedEnvironment.select(VARIABLES, call.env()));
        String ld = probes.linker(driver, link.linker());
        Optional<CompilerIdentity> linker = identities.identifyTool(ld, call.cwd(), call.env().getOrDefault("PATH", ""));
        if (linker.isEmpty()) {
            return Optional.of(new Refusal(Reason.COMPILER_UNIDENTIFIED, driver.path() + "'s linker "
                    + ld + " is not found or does not answer --version"));
        }
        if (!listsWhatItReads(linker.get().version())) {
            return Optional.of(new Refusal(Reason.LINK, linker.get().path()
                    + " cannot list what it read (--dependency-file: GNU ld 2.35+ or LLD)"));
        }
        h.string("compiler.linker", linker.get().summary());
        return Optional.empty();
    }

    /** GNU ld from binutils 2.35 on, and LLD, write --dependency-file; gold, mold and older ld do not. */
    static boolean listsWhatItReads(String linkerVersion) {
        String first = linkerVersion.lines().findFirst().orElse("");
        if (first.startsWith("LLD ") || first.contains(" LLD ")) {
            return true;
        }
        if (!first.startsWith("GNU ld")) {
            return false;
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+)\\.(\\d+)").matcher(
                first.substring(first.lastIndexOf(')') + 1));
        if (!m.find()) {
            return false;
        }
        int major = Integer.parseInt(m.group(1));
        int minor = Integer.parseInt(m.group(2));
        return major > 2 || (major == 2 && minor >= 35);
    }

    /**
     * A link learns what it read from the linker itself ({@code --dependency-file}: objects,
     * archives, shared objects, linker scripts, start files); a library found through the search
     * list may be shadowed by a new one in an earlier directory, or by a shared object beside an
     * archive.
     */
    MissPlan plan(ToolCall call, LinkInvocation link, CompilerIdentity driver, Scratch scratch) {
        Path deps = scratch.newFile(".d");
        List<String> argv = new ArrayList<>(call.argv());
        argv.add("-Wl,--dependency-file=" + deps);
        return new MissPlan(argv, call.runEnvironment(), () -> {
            List<String> read = DepFile.prerequisites(Files.readString(deps, StandardCharsets.UTF_8));
            if (read.isEmpty()) {
                return new Refusal(Reason.NO_DEPENDENCIES, "the linker reported no input files");
            }
            List<Path> dirs = new ArrayList<>();
            link.libraryDirs().forEach(d -> dirs.add(call.cwd().resolve(d).normalize()));
            for (String d : call.env().getOrDefault("LIBRARY_PATH", "").split(":")) {
                if (!d.isEmpty()) {
                    dirs.add(call.cwd().resolve(d).normalize());
                }
            }
            dirs.addAll(probes.libraryDirs(driver).orElse(List.of()));
            return new LearntInputs.Inputs(read, file -> LibrarySearch.shadowsOf(file, dirs), List.of());
        });
    }
}
