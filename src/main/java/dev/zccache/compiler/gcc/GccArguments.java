package dev.zccache.compiler.gcc;

import dev.zccache.compiler.Analysis;
import dev.zccache.compiler.Refusal;
import dev.zccache.compiler.ResponseFiles;
import dev.zccache.outcome.Reason;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The argument model for GCC and Clang drivers: decides whether a command line is one cacheable
 * compile (one source, -c, one object, only modelled outputs) and, if so, what goes into its
 * key. Pure: reads nothing but response files. When unsure it says uncacheable, never guesses.
 */
final class GccArguments {

    /** Options whose value is the next argument when written alone ("-I dir"). */
    static final Set<String> SEPARATE_VALUE = Set.of(
            "-o", "-x", "-I", "-D", "-U", "-include", "-imacros", "-isystem", "-iquote", "-idirafter",
            "-iprefix", "-iwithprefix", "-iwithprefixbefore", "-isysroot", "-imultilib", "-iframework",
            "-MF", "-MT", "-MQ", "-L", "-l", "-Xpreprocessor", "-Xassembler", "-Xlinker", "-aux-info", "-u",
            "-T", "-z", "--param", "-arch", "-target", "-gcc-toolchain", "--sysroot", "-e", "-A", "-B", "-b",
            "-G", "-specs", "--config", "-F", "-mllvm", "-ivfsoverlay", "-cxx-isystem", "-imsvc",
            "-working-directory", "-Xclang", "-MJ", "--serialize-diagnostics", "-dependency-file",
            "-include-pch", "-Xarch_host", "-Xarch_device", "--target");

    /** Options the model reads whose value may be joined ("-ofile", "-xc"). Longest first. */
    private static final List<String> JOINED_VALUE = List.of("-include", "-imacros", "-MF", "-MT", "-MQ", "-o", "-x");

    /** Options naming a file the compile reads, in the "-opt=path" form. */
    private static final List<String> FILE_VALUE_PREFIXES = List.of(
            "-specs=", "--config=", "-fsanitize-ignorelist=", "-fsanitize-blacklist=", "-fplugin=",
            "-fsanitize-coverage-allowlist=", "-fsanitize-coverage-ignorelist=");

    /** Options with outputs or inputs zccache does not model yet: run them, do not cache them. */
    private static final List<String> UNMODELLED_PREFIXES = List.of(
            "-save-temps", "--save-temps", "-ftime-trace", "-gsplit-dwarf=single", "-fdump-", "-fcallgraph-info", "-MJ", "--serialize-diagnostics",
            "-fopt-info", "-frecord-gcc-switches", "-fprofile-use", "-fauto-profile", "-fprofile-sample-use",
            "-fprofile-instr-use", "-fmodules", "-fcxx-modules", "-fmodule-file", "-fmodule-output",
            "-include-pch", "-emit-", "-Xclang", "-fdiagnostics-format=sarif", "-flto-partition", "-dependency-file",
            "-fsave-optimization-record", "-foptimization-record-file", "-Xarch_");

    /** Asking the driver something instead of compiling. */
    private static final Set<String> INFORMATIONAL = Set.of(
            "-v", "-###", "--version", "--help", "-dumpversion", "-dumpfullversion", "-dumpmachine",
            "-dumpspecs", "--target-help", "-print-search-dirs", "-print-libgcc-file-name",
            "-print-multiarch", "-print-multi-directory", "-print-multi-lib", "-print-multi-os-directory",
            "-print-sysroot", "-print-sysroot-headers-suffix");

    private GccArguments() {
    }

    /**
     * @param args the driver's arguments without argv[0]
     * @param cwd where the compile runs (response files are read relative to it)
     */
    public static Analysis analyze(List<String> args, Path cwd) {
        ResponseFiles.Expansion expansion = ResponseFiles.expand(args, cwd);
        if (expansion.error().isPresent()) {
            return no(Reason.RESPONSE_FILE, expansion.error().get());
        }
        return new Parser(expansion.args()).parse();
    }

    /**
     * The arguments of each compile a {@code -c} call of several sources makes, in order: the
     * call with the other sources left out (options keep their places, so a {@code -x} before a
     * source still applies to it). Empty unless every input is a source and nothing names one
     * output for all of them ({@code -o}, {@code -MF}, {@code -MT}/{@code -MQ}, {@code -Wp,-MD}).
     */
    public static List<List<String>> splitSources(List<String> given, Path cwd) {
        ResponseFiles.Expansion expansion = ResponseFiles.expand(given, cwd);
        if (expansion.error().isPresent()) {
            return List.of();
        }
        List<String> args = expansion.args();
        List<Integer> sources = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--") || a.equals("-o") || a.startsWith("-o") || a.equals("-MF") || a.startsWith("-MF")
                    || a.startsWith("-MT") || a.startsWith("-MQ") || a.startsWith("-Wp,")) {
                return List.of();
            }
            if (SEPARATE_VALUE.contains(a)) {
                i++;
            } else if (a.length() < 2 || a.charAt(0) != '-') {
                sources.add(i);
            }
        }
        if (sources.size() < 2 || !args.contains("-c")) {
            return List.of();
        }
        List<List<String>> out = new ArrayList<>(sources.size());
        for (int keep : sources) {
            List<String> one = new ArrayList<>(args.size() - sources.size() + 1);
            for (int i = 0; i < args.size(); i++) {
                if (i == keep || !sources.contains(i)) {
                    one.add(args.get(i));
                }
            }
            out.add(List.copyOf(one));
        }
        return out;
    }

    /**
     * The file a call names with -o, even one that is not a cacheable compile (a link, -E -o):
     * what `zccache explain` finds it by. Empty without -o or when the arguments cannot be read.
     */
    public static Optional<String> namedOutput(List<String> args, Path cwd) {
        ResponseFiles.Expansion expansion = ResponseFiles.expand(args, cwd);
        String out = null;
        List<String> all = expansion.args();
        for (int i = 0; i < all.size(); i++) {
            String a = all.get(i);
            if (a.equals("-o") && i + 1 < all.size()) {
                out = all.get(++i);
            } else if (a.startsWith("-o") && a.length() > 2) {
                out = a.substring(2);
            }
        }
        return Optional.ofNullable(out);
    }

    /**
     * The arguments with every dependency-file option removed (-MD, -MMD, -MP, -MT/-MQ with their
     * values, -Wp,-MD/-MMD): what a separate dependency scan of the same compile starts from.
     */
    public static List<String> withoutDependencyOptions(List<String> keyArgs) {
        List<String> out = new ArrayList<>(keyArgs.size());
        for (int i = 0; i < keyArgs.size(); i++) {
            String a = keyArgs.get(i);
            if (a.equals("-MT") || a.equals("-MQ")) {
                i++;
            } else if (!(a.equals("-MD") || a.equals("-MMD") || a.equals("-MP") || a.startsWith("-MT")
                    || a.startsWith("-MQ") || a.equals("-Wp,-MD") || a.equals("-Wp,-MMD"))) {
                out.add(a);
            }
        }
        return out;
    }

    private static boolean unmodelled(String option) {
        for (String prefix : UNMODELLED_PREFIXES) {
            if (option.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    private static Refusal no(Reason reason, String detail) {
        return new Refusal(reason, detail);
    }

    /** One pass over the arguments; fields collect what the model needs. */
    private static final class Parser {
        private final List<String> args;
        private final List<String> keyArgs = new ArrayList<>();
        private final List<String> optionInputs = new ArrayList<>();
        private final List<String> depTargets = new ArrayList<>();
        private final List<String> inputs = new ArrayList<>();
        private final List<Optional<Language>> inputLanguages = new ArrayList<>();
        private Optional<Language> xLanguage = Optional.empty();
        private String output;
        private int outputs;
        private boolean compileOnly;
        private boolean depMd;
        private boolean depMmd;
        private boolean depOnlyM;
        private boolean depPhony;
        private String depPath;
        /** -MD or -MMD given to the driver itself (not through -Wp). */
        private boolean driverDeps;
        private String mfPath;
        /** -Wp,-MD,path or -Wp,-MMD,path: the kind ("-MD"/"-MMD") and the path of the last one. */
        private String wpKind;
        private String wpPath;
        private final List<String> nativeFlags = new ArrayList<>();
        private boolean debugInfo;
        private final java.util.Set<SideOutput> sideOutputs = java.util.EnumSet.noneOf(SideOutput.class);
        private boolean outputInKey;
        private boolean colourChosen;

        Parser(List<String> args) {
            this.args = args;
        }

        Analysis parse() {
            for (int i = 0; i < args.size(); i++) {
                String arg = args.get(i);
                if (arg.equals("--")) {
                    for (int j = i + 1; j < args.size(); j++) {
                        keyArgs.add(args.get(j));
                        addInput(args.get(j));
                    }
                    break;
                }
                if (arg.equals("-")) {
                    return no(Reason.STDIN_INPUT, "source read from standard input");
                }
                if (arg.length() < 2 || arg.charAt(0) != '-') {
                    keyArgs.add(arg);
                    addInput(arg);
                    continue;
                }
                if (SEPARATE_VALUE.contains(arg)) {
                    if (i + 1 >= args.size()) {
                        return no(Reason.MISSING_ARGUMENT, arg + " without its value");
                    }
                    String value = args.get(++i);
                    Analysis stop = option(arg, value, true);
                    if (stop != null) {
                        return stop;
                    }
                    continue;
                }
                Analysis stop = flag(arg);
                if (stop != null) {
                    return stop;
                }
            }
            return conclude();
        }

        private void addInput(String path) {
            inputs.add(path);
            inputLanguages.add(xLanguage.isPresent() ? xLanguage : Language.fromFileName(path));
        }

        /** An option with a value given separately (separate = true) or joined. */
        private Analysis option(String opt, String value, boolean separate) {
            if (unmodelled(opt)) {
                return no(Reason.UNSUPPORTED_OPTION, opt);
            }
            if (value.equals("-")) {
                // "-" names standard output for -o and -MF, standard input for the others
                return opt.equals("-o") || opt.equals("-MF")
                        ? no(Reason.OUTPUT_NOT_A_FILE, opt + " - writes to standard output")
                        : no(Reason.STDIN_INPUT, opt + " - reads standard input");
            }
            switch (opt) {
                case "-o":
                    output = value;
                    outputs++;
                    return null;
                case "-MF":
                    mfPath = value;
                    return null;
                case "-x":
                    if (value.equals("none")) {
                        xLanguage = Optional.empty();
                    } else {
                        xLanguage = Language.fromXName(value);
                        if (xLanguage.isEmpty()) {
                            return no(Reason.UNKNOWN_LANGUAGE, "-x " + value);
                        }
                    }
                    break;
                case "-MT", "-MQ":
                    depTargets.add(opt.substring(1) + ":" + value);
                    break;
                case "-include", "-imacros", "-specs", "--config":
                    optionInputs.add(value);
                    break;
                case "-Xpreprocessor":
                    if (value.startsWith("-M")) {
                        return no(Reason.UNSUPPORTED_OPTION, opt + " " + value);
                    }
                    break;
                default:
                    break;
            }
            if (separate) {
                keyArgs.add(opt);
                keyArgs.add(value);
            } else {
                keyArgs.add(opt + value);
            }
            return null;
        }

        private Analysis flag(String arg) {
            if (INFORMATIONAL.contains(arg) || arg.startsWith("-print-") || arg.startsWith("--print-")) {
                return no(Reason.INFORMATIONAL, arg);
            }
            if (unmodelled(arg)) {
                return no(Reason.UNSUPPORTED_OPTION, arg);
            }
            switch (arg) {
                case "-c":
                    compileOnly = true;
                    keyArgs.add(arg);
                    return null;
                case "-E":
                    return no(Reason.PREPROCESS_ONLY, arg);
                case "-S":
                    return no(Reason.ASSEMBLY_OUTPUT, arg);
                case "-fsyntax-only":
                    return no(Reason.SYNTAX_ONLY, arg);
                case "-M", "-MM":
                    depOnlyM = true;
                    keyArgs.add(arg);
                    return null;
                case "-MD":
                    depMd = true;
                    driverDeps = true;
                    keyArgs.add(arg);
                    return null;
                case "-MMD":
                    depMmd = true;
                    driverDeps = true;
                    keyArgs.add(arg);
                    return null;
                case "-MP":
                    depPhony = true;
                    keyArgs.add(arg);
                    return null;
                case "-MG":
                    return no(Reason.UNSUPPORTED_OPTION, arg);
                default:
                    break;
            }
            if (arg.startsWith("-objc")) {
                return no(Reason.UNSUPPORTED_OPTION, arg); // clang's -objcmt-*: not an -o
            }
            // joined forms of options whose value matters to the model: -ofile, -xc, -MFfile...
            for (String opt : JOINED_VALUE) {
                if (arg.startsWith(opt) && arg.length() > opt.length()) {
                    return option(opt, arg.substring(opt.length()), false);
                }
            }
            for (String prefix : FILE_VALUE_PREFIXES) {
                if (arg.startsWith(prefix)) {
                    optionInputs.add(arg.substring(prefix.length()));
                }
            }
            if (arg.startsWith("-Wp,")) {
                Analysis stop = preprocessorPassThrough(arg);
                if (stop != null) {
                    return stop;
                }
                return null;
            }
            if (arg.startsWith("-Wa,") && assemblerListingToFile(arg)) {
                return no(Reason.UNSUPPORTED_OPTION, arg);
            }
            switch (arg) {
                case "--coverage":
                    sideOutputs.add(SideOutput.GCNO);
                    outputInKey = true; // the object names its .gcda by the object's path
                    break;
                case "-ftest-coverage":
                    sideOutputs.add(SideOutput.GCNO);
                    break;
                case "-gsplit-dwarf", "-gsplit-dwarf=split":
                    sideOutputs.add(SideOutput.DWO);
                    outputInKey = true; // the object names its .dwo
                    break;
                case "-fstack-usage":
                    sideOutputs.add(SideOutput.SU);
                    break;
                default:
                    break;
            }
            if (arg.equals("-fprofile-arcs") || arg.startsWith("-fprofile-generate") || arg.startsWith("-fprofile-dir")) {
                outputInKey = true; // instrumented objects embed their .gcda path, derived from the output
            }
            if (arg.equals("-march=native") || arg.equals("-mcpu=native") || arg.equals("-mtune=native")) {
                nativeFlags.add(arg);
            }
            if (arg.startsWith("-g")) {
                debugInfo = !arg.equals("-g0");
            }
            if (arg.startsWith("-fdiagnostics-color") || arg.startsWith("-fno-diagnostics-color")
                    || arg.equals("-fcolor-diagnostics") || arg.equals("-fno-color-diagnostics")) {
                // "auto" is the default: colours for a terminal, which zccache gives as it does without it
                colourChosen = !arg.equals("-fdiagnostics-color=auto");
            }
            keyArgs.add(arg);
            return null;
        }

        /** -Wp,-MD,path and -Wp,-MMD,path are dependency requests; other -M forms are not modelled. */
        private Analysis preprocessorPassThrough(String arg) {
            String[] parts = arg.substring(4).split(",", -1);
            if (parts.length == 2 && (parts[0].equals("-MD") || parts[0].equals("-MMD")) && parts[1].equals("-")) {
                return no(Reason.OUTPUT_NOT_A_FILE, arg + " writes to standard output");
            }
            if (parts.length == 2 && (parts[0].equals("-MD") || parts[0].equals("-MMD"))) {
                wpKind = parts[0];
                wpPath = parts[1];
                keyArgs.add("-Wp," + parts[0]);
                return null;
            }
            for (String p : parts) {
                if (p.startsWith("-M")) {
                    return no(Reason.UNSUPPORTED_OPTION, arg);
                }
            }
            keyArgs.add(arg);
            return null;
        }

        private static boolean assemblerListingToFile(String arg) {
            for (String p : arg.substring(4).split(",")) {
                if (p.startsWith("-a") && p.contains("=")) {
                    return true;
                }
            }
            return false;
        }

        private Analysis conclude() {
            if (depOnlyM) {
                // -M and -MM imply -E even next to -c and -MD: no object is written
                return no(Reason.DEPENDENCY_ONLY, "-M/-MM");
            }
            if (!compileOnly) {
                return no(Reason.LINK, "no -c");
            }
            if (outputs > 1) {
                return no(Reason.MULTIPLE_OUTPUTS, "-o given " + outputs + " times");
            }
            if (inputs.isEmpty()) {
                return no(Reason.NO_INPUT, "no source file");
            }
            if (inputs.size() > 1) {
                return no(Reason.MULTIPLE_INPUTS, inputs.size() + " inputs: " + String.join(" ", inputs));
            }
            String source = inputs.get(0);
            Optional<Language> language = inputLanguages.get(0);
            if (language.isEmpty()) {
                return no(Reason.NON_SOURCE_INPUT, source);
            }
            if (language.get() == Language.C_HEADER || language.get() == Language.CXX_HEADER) {
                return no(Reason.PRECOMPILED_HEADER, source);
            }
            String object = output != null ? output : defaultObject(source);
            if (wpKind != null && mfPath != null) {
                // gcc writes the -Wp file, clang the one named last: not modelled
                return no(Reason.UNSUPPORTED_OPTION, "-Wp," + wpKind + "," + wpPath + " with -MF " + mfPath);
            }
            Optional<DepFileRequest> dep;
            if (wpKind != null) {
                // the preprocessor's own request names the file; which headers it lists is clear only
                // without a driver -MD/-MMD beside it (else the closure is scanned with -M on a miss)
                boolean system = wpKind.equals("-MD") && !driverDeps;
                dep = Optional.of(new DepFileRequest(system, Optional.of(wpPath), List.copyOf(depTargets), depPhony,
                        !driverDeps));
            } else if (depMd || depMmd) {
                dep = Optional.of(new DepFileRequest(!depMmd || depMd, Optional.ofNullable(mfPath),
                        List.copyOf(depTargets), depPhony, false));
            } else {
                dep = Optional.empty();
            }
            return new Analysis.Cacheable(new GccInvocation(language.get(), source, object, List.copyOf(keyArgs),
                    dep, List.copyOf(optionInputs), List.copyOf(nativeFlags), debugInfo, java.util.Set.copyOf(sideOutputs), outputInKey,
                    colourChosen));
        }

        /** gcc -c src/foo.c writes foo.o in the cwd. */
        static String defaultObject(String source) {
            String name = source.substring(source.lastIndexOf('/') + 1);
            int dot = name.lastIndexOf('.');
            return (dot > 0 ? name.substring(0, dot) : name) + ".o";
        }
    }
}
