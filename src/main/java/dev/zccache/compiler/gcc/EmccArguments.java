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
 * The argument model of emcc and em++ (Emscripten 3.x): emcc's own options are taken out and
 * kept for the key (with the files they name), and what is left is a clang command line, read
 * by the GCC/Clang models: a compile ({@link GccArguments}) or a link ({@link #link}). Pure:
 * reads nothing but response files.
 */
final class EmccArguments {

    /** emcc options whose value is the next argument ({@code -s X=1}, {@code --pre-js f}). */
    private static final Set<String> SEPARATE_VALUE = Set.of("-s", "--pre-js", "--post-js", "--extern-pre-js",
            "--extern-post-js", "--embed-file", "--preload-file", "--exclude-file", "--js-library", "--shell-file",
            "--closure", "--closure-args", "--memory-init-file", "--source-map-base", "--minify", "--js-opts",
            "--llvm-opts", "--llvm-lto", "--em-config", "--cache", "--output_eol", "--valid-abspath",
            "--default-obj-ext", "--profiling-funcs", "--oformat");

    /** emcc options that name a file it reads: keyed by content ({@code src@dst}: the part before '@'). */
    private static final Set<String> FILE_INPUTS = Set.of("--pre-js", "--post-js", "--extern-pre-js",
            "--extern-post-js", "--embed-file", "--preload-file", "--js-library", "--shell-file", "--em-config");

    /** emcc options with no value that are emcc's own, not clang's. */
    private static final Set<String> FLAGS = Set.of("--profiling", "--emrun", "--cpuprofiler", "--memoryprofiler",
            "--threadprofiler", "--bind", "--use-preload-plugins", "--no-heap-copy", "--proxy-to-worker",
            "--ignore-dynamic-linking", "--no-entry", "--emit-symbol-map", "--use-preload-cache", "--tracing",
            "--save-bc", "--nostdlib++");

    /** emcc options that run a command, change emcc's installation or ask instead of building. */
    private static final Set<String> NOT_BUILDS = Set.of("--clear-cache", "--clear-ports", "--show-ports",
            "--check", "--cflags", "--generate-config", "--js-transform", "--save-temps", "--emit-tsd");

    /**
     * What emcc's own options are, taken out of a command line.
     *
     * @param clangArgs the command line without them: what the GCC/Clang models read
     * @param emccArgs emcc's options in order, each with its value ({@code -sX=1}, {@code --pre-js=f})
     * @param inputs files and directories emcc's options read, as given
     * @param config the {@code --em-config} file, if given
     * @param cache the {@code --cache} directory, if given
     */
    record Split(List<String> clangArgs, List<String> emccArgs, List<String> inputs, Optional<String> config,
            Optional<String> cache) implements Parse {
    }

    /** A command line with emcc's options taken out, or why it is not a cacheable build. */
    sealed interface Parse permits Split, Refused {
    }

    record Refused(Refusal refusal) implements Parse {
    }

    private EmccArguments() {
    }

    /** emcc's options out of the arguments (without argv[0]), or why the call is not a cacheable build. */
    static Parse split(List<String> given, Path cwd) {
        ResponseFiles.Expansion expansion = ResponseFiles.expand(given, cwd);
        if (expansion.error().isPresent()) {
            return new Refused(new Refusal(Reason.RESPONSE_FILE, expansion.error().get()));
        }
        List<String> args = expansion.args();
        List<String> clang = new ArrayList<>(args.size());
        List<String> emcc = new ArrayList<>();
        List<String> inputs = new ArrayList<>();
        String config = null;
        String cache = null;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            String name = a.startsWith("--") && a.contains("=") ? a.substring(0, a.indexOf('=')) : a;
            if (NOT_BUILDS.contains(name) || a.startsWith("-gseparate-dwarf")) {
                return new Refused(new Refusal(a.equals("--cflags") || a.equals("--show-ports")
                        ? Reason.INFORMATIONAL : Reason.UNSUPPORTED_OPTION, a));
            }
            if (FLAGS.contains(a)) {
                emcc.add(a);
                continue;
            }
            String value;
            if (a.startsWith("-s") && a.length() > 2 && !a.startsWith("-save") && !a.startsWith("-shared")
                    && !a.startsWith("-static") && !a.startsWith("-std") && !a.startsWith("-specs")) {
                emcc.add(a);
                continue;
            }
            if (SEPARATE_VALUE.contains(name)) {
                if (name.equals(a)) {
                    if (i + 1 >= args.size()) {
                        return new Refused(new Refusal(Reason.MISSING_ARGUMENT, a + " without its value"));
                    }
                    value = args.get(++i);
                } else {
                    value = a.substring(name.length() + 1);
                }
            } else {
                clang.add(a);
                continue;
            }
            emcc.add(name.equals("-s") ? "-s" + value : name + "=" + value);
            if (FILE_INPUTS.contains(name)) {
                int at = value.indexOf('@');
                inputs.add(at > 0 && !name.equals("--em-config") ? value.substring(0, at) : value);
            }
            if (name.equals("--em-config")) {
                config = value;
            } else if (name.equals("--cache")) {
                cache = value;
            }
        }
        return new Split(List.copyOf(clang), List.copyOf(emcc), List.copyOf(inputs), Optional.ofNullable(config),
                Optional.ofNullable(cache));
    }

    /** File suffixes of the outputs emcc writes beside its main output, after the main output's stem. */
    private static final List<String> STEM_SIBLINGS = List.of(".js", ".wasm", ".wasm.map", ".data", ".worker.js",
            ".js.mem", ".js.symbols", ".js.map", ".ww.js", ".aw.js");

    /**
     * An emcc link (what GccArguments refused as {@code link}): objects and archives to a
     * {@code .js}, {@code .mjs}, {@code .html} or {@code .wasm} (and the files emcc writes beside it).
     * A link that compiles a source first is refused, as a GCC link is.
     */
    static Analysis link(Split split) {
        List<String> args = split.clangArgs();
        LinkLine.Result line = LinkLine.parse(args, "a.out.js", EmccArguments::linkOption);
        if (line instanceof LinkLine.Refused r) {
            return r.refusal();
        }
        LinkLine.Parts parts = (LinkLine.Parts) line;
        if (parts.inputs().isEmpty()) {
            return new Refusal(Reason.NO_INPUT, "a link without inputs");
        }
        return new Analysis.Cacheable(new EmccLink(parts.output(), siblings(parts.output()), parts.inputs(), args,
                parts.libraryDirs(), split));
    }

    /** What an emcc link refuses beyond a GCC link's command line: other modes, linker files not modelled. */
    private static Refusal linkOption(String a, String value) {
        if (a.equals("-r") || a.equals("-E") || a.equals("-S") || a.startsWith("-M")) {
            return new Refusal(Reason.UNSUPPORTED_OPTION, a);
        }
        if (a.startsWith("-Wl,") || a.equals("-Xlinker")) {
            String l = a.equals("-Xlinker") ? value : a.substring(4);
            if (l.contains("-Map") || l.contains("--trace") || l.contains("-t,") || l.equals("-t")
                    || l.contains("--reproduce") || l.contains("--why-extract")) {
                return new Refusal(Reason.LINK, "linker option " + l + " writes a file not modelled");
            }
        }
        return null;
    }

    /** The output without the suffix that says what emcc makes of it (a.out for a.out.js). */
    static String stem(String output) {
        for (String suffix : List.of(".html", ".mjs", ".cjs", ".js", ".wasm")) {
            if (output.endsWith(suffix) && output.length() > suffix.length()) {
                return output.substring(0, output.length() - suffix.length());
            }
        }
        return output;
    }

    /** Every file emcc may write beside {@code output}: named after its stem, the output itself left out. */
    static List<String> siblings(String output) {
        String stem = stem(output);
        List<String> out = new ArrayList<>();
        for (String suffix : STEM_SIBLINGS) {
            String s = stem + suffix;
            if (!s.equals(output)) {
                out.add(s);
            }
        }
        for (String suffix : List.of(".symbols", ".map", ".mem")) {
            String s = output + suffix;
            if (!out.contains(s)) {
                out.add(s);
            }
        }
        return List.copyOf(out);
    }
}
