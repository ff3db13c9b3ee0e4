package dev.zccache.compiler.rust;

import dev.zccache.compiler.Analysis;
import dev.zccache.compiler.Output;
import dev.zccache.compiler.Refusal;
import dev.zccache.outcome.Reason;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * rustc's command line as a pure model: which calls can be cached and what they write. Reads
 * nothing but {@code @argfile}s. Anything with outputs or inputs not modelled here (unknown
 * options, {@code -Z}, other {@code --emit} kinds, split debug info) is refused with a reason;
 * rustc then runs as it would without zccache.
 */
final class RustArguments {

    /** Long options that take a value (as the next argument or after '='). */
    private static final Set<String> LONG_WITH_VALUE = Set.of("--crate-name", "--crate-type", "--emit",
            "--out-dir", "--cfg", "--check-cfg", "--extern", "--edition", "--target", "--cap-lints",
            "--remap-path-prefix", "--error-format", "--json", "--print", "--sysroot", "--codegen", "--explain",
            "--color", "--diagnostic-width", "--allow", "--warn", "--deny", "--forbid", "--force-warn",
            "--crate-attr", "--env-set", "--remap-path-scope");

    /** Short options that take a value (next argument, or glued: {@code -Copt-level=3}). */
    private static final Set<Character> SHORT_WITH_VALUE = Set.of('C', 'L', 'l', 'o', 'A', 'W', 'D', 'F', 'Z');

    /** What each crate type's link output is called: prefix, suffix (Linux). */
    private static final Map<String, String[]> LINK_NAMES = Map.of(
            "lib", new String[] {"lib", ".rlib"}, "rlib", new String[] {"lib", ".rlib"},
            "staticlib", new String[] {"lib", ".a"}, "proc-macro", new String[] {"lib", ".so"},
            "bin", new String[] {"", ""});

    private static final Set<String> EMIT_KINDS = Set.of("link", "metadata", "dep-info");

    private RustArguments() {
    }

    static Analysis analyze(List<String> given, Path cwd) {
        List<String> args;
        try {
            args = expandArgfiles(given, cwd);
        } catch (IOException e) {
            return new Refusal(Reason.RESPONSE_FILE, e.getMessage());
        }
        Parsed p = new Parsed();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("-")) {
                return new Refusal(Reason.STDIN_INPUT, "the crate is read from standard input");
            }
            if (!a.startsWith("-")) {
                if (p.source != null) {
                    return new Refusal(Reason.MULTIPLE_INPUTS, p.source + " and " + a);
                }
                p.source = a;
                continue;
            }
            Option o = option(a, args, i);
            if (o == null) {
                return new Refusal(Reason.UNSUPPORTED_OPTION, a);
            }
            if (o.missingValue()) {
                return new Refusal(Reason.MISSING_ARGUMENT, a);
            }
            i += o.consumed() - 1;
            Refusal refused = p.take(o.name(), o.value());
            if (refused != null) {
                return refused;
            }
        }
        return p.finish(args);
    }

    /** An option with its value (null for a flag); {@code consumed} arguments, 1 or 2. */
    private record Option(String name, String value, int consumed, boolean missingValue) {
    }

    private static Option option(String a, List<String> args, int i) {
        if (a.startsWith("--")) {
            int eq = a.indexOf('=');
            String name = eq < 0 ? a : a.substring(0, eq);
            if (!LONG_WITH_VALUE.contains(name)) {
                return isKnownFlag(a) ? new Option(a, null, 1, false) : null;
            }
            if (eq >= 0) {
                return new Option(name, a.substring(eq + 1), 1, false);
            }
            return i + 1 < args.size() ? new Option(name, args.get(i + 1), 2, false) : new Option(name, null, 1, true);
        }
        if (a.length() < 2) {
            return null;
        }
        char c = a.charAt(1);
        if (SHORT_WITH_VALUE.contains(c)) {
            String name = "-" + c;
            if (a.length() > 2) {
                return new Option(name, a.substring(2), 1, false);
            }
            return i + 1 < args.size() ? new Option(name, args.get(i + 1), 2, false) : new Option(name, null, 1, true);
        }
        return isKnownFlag(a) ? new Option(a, null, 1, false) : null;
    }

    /** Flags without a value: those that ask rustc something are refused later as informational. */
    private static boolean isKnownFlag(String a) {
        return switch (a) {
            case "-g", "-O", "--test", "-v", "--verbose", "-V", "--version", "-h", "--help", "-vV", "-Vv" -> true;
            default -> false;
        };
    }

    /** The options seen so far, and what they mean for outputs and inputs. */
    private static final class Parsed {
        String source;
        String crateName;
        final Set<String> crateTypes = new LinkedHashSet<>();
        /** emit kind -> explicit path, or "" for the default name. */
        final Map<String, String> emits = new java.util.LinkedHashMap<>();
        String outDir;
        String outFile;
        String extraFilename = "";
        final List<String> externs = new ArrayList<>();
        final List<String> searchDirs = new ArrayList<>();
        final List<RustInvocation.NativeLibrary> libraries = new ArrayList<>();
        String targetFile;
        boolean nativeCpu;
        String linker;
        String sysroot;

        Refusal take(String name, String value) {
            switch (name) {
                case "-V", "--version", "-h", "--help", "-vV", "-Vv", "--print", "--explain":
                    return new Refusal(Reason.INFORMATIONAL, name);
                case "--test":
                    return new Refusal(Reason.TEST_HARNESS, "--test builds a test harness binary");
                case "-Z":
                    return new Refusal(Reason.UNSUPPORTED_OPTION, "-Z " + value + " (unstable options are not modelled)");
                case "--crate-name":
                    crateName = value;
                    return null;
                case "--crate-type":
                    for (String t : value.split(",")) {
                        if (t.equals("dylib") || t.equals("cdylib")) {
                            return new Refusal(Reason.CRATE_TYPE_NOT_CACHED, "--crate-type " + t);
                        }
                        if (!LINK_NAMES.containsKey(t)) {
                            return new Refusal(Reason.UNSUPPORTED_OPTION, "--crate-type " + t);
                        }
                        crateTypes.add(t.equals("lib") ? "rlib" : t);
                    }
                    return null;
                case "--emit":
                    for (String e : value.split(",")) {
                        int eq = e.indexOf('=');
                        String kind = eq < 0 ? e : e.substring(0, eq);
                        if (!EMIT_KINDS.contains(kind)) {
                            return new Refusal(Reason.UNSUPPORTED_OPTION, "--emit " + e + " (not modelled)");
                        }
                        emits.put(kind, eq < 0 ? "" : e.substring(eq + 1));
                    }
                    return null;
                case "--out-dir":
                    outDir = value;
                    return null;
                case "-o":
                    outFile = value;
                    return null;
                case "--extern":
                    externPath(value).ifPresent(externs::add);
                    return null;
                case "-L":
                    int eq = value.indexOf('=');
                    String kind = eq < 0 ? "all" : value.substring(0, eq);
                    if (!kind.equals("dependency") && !kind.equals("crate")) {
                        searchDirs.add(eq < 0 ? value : value.substring(eq + 1));
                    }
                    return null;
                case "-l":
                    libraries.add(library(value));
                    return null;
                case "--target":
                    if (value.endsWith(".json")) {
                        targetFile = value;
                    }
                    return null;
                case "--sysroot":
                    sysroot = value;
                    return null;
                case "-C", "--codegen":
                    return codegen(value);
                default:
                    return null; // keyed as given: lints, cfg, edition, diagnostics format…
            }
        }

        private Refusal codegen(String value) {
            int eq = value.indexOf('=');
            String opt = (eq < 0 ? value : value.substring(0, eq)).replace('_', '-');
            String v = eq < 0 ? "" : value.substring(eq + 1);
            switch (opt) {
                case "incremental":
                    return new Refusal(Reason.INCREMENTAL, "-C incremental=" + v);
                case "extra-filename":
                    extraFilename = v;
                    return null;
                case "target-cpu":
                    nativeCpu |= v.equals("native");
                    return null;
                case "linker":
                    linker = v;
                    return null;
                case "split-debuginfo":
                    return v.equals("off") ? null
                            : new Refusal(Reason.UNSUPPORTED_OPTION, "-C split-debuginfo=" + v + " (its files are not modelled)");
                case "save-temps", "profile-generate", "profile-use", "link-self-contained", "linker-plugin-lto":
                    return new Refusal(Reason.UNSUPPORTED_OPTION, "-C " + value + " (not modelled)");
                default:
                    return null;
            }
        }

        Analysis finish(List<String> args) {
            if (source == null) {
                return new Refusal(Reason.NO_INPUT, "no crate root given");
            }
            // without them the crate's own attributes (#![crate_type], #![crate_name]) name the outputs
            if (crateName == null) {
                return new Refusal(Reason.UNSUPPORTED_OPTION, "no --crate-name: the crate's attributes would name its outputs");
            }
            if (crateTypes.isEmpty()) {
                return new Refusal(Reason.UNSUPPORTED_OPTION, "no --crate-type: the crate's attributes would choose its outputs");
            }
            if (emits.isEmpty()) {
                emits.put("link", "");
            }
            if (outFile != null && (emits.size() > 1 || crateTypes.size() > 1)) {
                return new Refusal(Reason.UNSUPPORTED_OPTION, "-o with several outputs (rustc derives their names)");
            }
            String dir = outDir == null ? "" : outDir.endsWith("/") ? outDir : outDir + "/";
            String stem = crateName + extraFilename;
            List<Output> outputs = new ArrayList<>();
            boolean links = false;
            if (emits.containsKey("link")) {
                for (String type : crateTypes) {
                    String[] name = LINK_NAMES.get(type);
                    String path = named(emits.get("link"), dir + name[0] + stem + name[1]);
                    // the linker makes both executable (a proc-macro is a shared object rustc loads)
                    boolean program = type.equals("bin") || type.equals("proc-macro");
                    links |= program;
                    outputs.add(program ? Output.executable(type, path) : Output.required(type, path));
                }
            }
            if (emits.containsKey("metadata")) {
                String path = named(emits.get("metadata"), dir + "lib" + stem + ".rmeta");
                // only a library's metadata has content; a bin's or a staticlib's is written empty
                outputs.add(crateTypes.contains("rlib") ? Output.required("rmeta", path)
                        : Output.optional("rmeta", path));
            }
            Optional<String> depInfo = Optional.empty();
            if (emits.containsKey("dep-info")) {
                String path = named(emits.get("dep-info"), dir + stem + ".d");
                // it names the files read and written: rebased to the caller's checkout on delivery
                outputs.add(Output.requiredRewritten("dep-info", path));
                depInfo = Optional.of(path);
            }
            if (outputs.isEmpty()) {
                return new Refusal(Reason.NO_OBJECT, "the call writes no file zccache models");
            }
            return new Analysis.Cacheable(new RustInvocation(source, List.copyOf(args), List.copyOf(outputs), depInfo,
                    List.copyOf(externs), List.copyOf(searchDirs), List.copyOf(libraries),
                    Optional.ofNullable(targetFile), nativeCpu, links, Optional.ofNullable(linker),
                    Optional.ofNullable(sysroot)));
        }

        /** An explicit emit path wins; then -o (one output only); then the default name. */
        private String named(String explicit, String dflt) {
            if (!explicit.isEmpty()) {
                return explicit;
            }
            return outFile != null ? outFile : dflt;
        }
    }

    /** {@code [opts:]name[=path]}: the path, if one is given (else the crate comes from the sysroot). */
    static Optional<String> externPath(String value) {
        int eq = value.indexOf('=');
        return eq < 0 ? Optional.empty() : Optional.of(value.substring(eq + 1));
    }

    /** {@code [kind[:modifiers]=]name[:rename]}: the name, verbatim when the modifiers say +verbatim. */
    static RustInvocation.NativeLibrary library(String value) {
        int eq = value.indexOf('=');
        String kind = eq < 0 ? "" : value.substring(0, eq);
        String name = eq < 0 ? value : value.substring(eq + 1);
        int colon = name.indexOf(':');
        if (colon >= 0) {
            name = name.substring(0, colon);
        }
        return new RustInvocation.NativeLibrary(name, kind.contains("+verbatim"));
    }

    /** rustc's {@code @path}: one argument per line of the file (not nested, no quoting). */
    static List<String> expandArgfiles(List<String> args, Path cwd) throws IOException {
        List<String> out = new ArrayList<>(args.size());
        for (String a : args) {
            if (a.startsWith("@") && a.length() > 1) {
                if (a.startsWith("@shell:")) {
                    throw new IOException(a + ": shell-quoted argfiles are not modelled");
                }
                String text;
                try {
                    text = Files.readString(cwd.resolve(a.substring(1)), StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw new IOException(a + " cannot be read: " + e.getMessage());
                }
                text.lines().forEach(out::add);
            } else {
                out.add(a);
            }
        }
        return out;
    }

    /** The output a call names even when it cannot be cached. */
    static Optional<String> namedOutput(List<String> args) {
        for (int i = 0; i + 1 < args.size(); i++) {
            if (args.get(i).equals("-o")) {
                return Optional.of(args.get(i + 1));
            }
        }
        return Optional.empty();
    }
}
