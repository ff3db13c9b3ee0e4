package dev.zccache.compiler.gcc;

import dev.zccache.compiler.Analysis;
import dev.zccache.compiler.Refusal;
import dev.zccache.compiler.ResponseFiles;
import dev.zccache.outcome.Reason;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The link a driver call without {@code -c} makes, as a pure model (the compile model,
 * GccArguments, refused it as a link first, so no -E/-S/-M and no unmodelled compile option is
 * left): cacheable when every input is an object, archive or shared object (a source would be
 * compiled to a temporary object first), the linker can report what it read
 * ({@code --dependency-file}: bfd and lld, not gold) and nothing makes the output depend on more
 * than its inputs or writes files beside it other than a link map ({@code -Wl,-Map=file}).
 * Refusals keep the reason {@code link}, with why.
 */
final class LinkArguments {

    /** Linker options (after -Wl, or -Xlinker) with outputs or inputs not modelled, or non-reproducible output. */
    private static final List<String> UNMODELLED_LINKER = List.of("-M", "--print-map",
            "--dependency-file", "--out-implib", "--build-id=uuid", "-plugin", "--plugin", "--trace", "-t",
            "--version-script-output", "--cref", "--stats", "--time", "-r", "--relocatable", "-Ur", "--emit-relocs");

    private LinkArguments() {
    }

    static Analysis analyze(List<String> given, Path cwd) {
        ResponseFiles.Expansion expansion = ResponseFiles.expand(given, cwd);
        if (expansion.error().isPresent()) {
            return new Refusal(Reason.RESPONSE_FILE, expansion.error().get());
        }
        List<String> args = expansion.args();
        GccOptions options = new GccOptions();
        LinkLine.Result line = LinkLine.parse(args, "a.out", options);
        if (line instanceof LinkLine.Refused r) {
            return r.refusal();
        }
        LinkLine.Parts parts = (LinkLine.Parts) line;
        if (parts.inputs().isEmpty() && args.stream().noneMatch(x -> x.startsWith("-l"))) {
            return new Refusal(Reason.NO_INPUT, "a link without inputs");
        }
        return new Analysis.Cacheable(new LinkInvocation(parts.output(), parts.inputs(), List.copyOf(args),
                parts.libraryDirs(), options.linker, options.map));
    }

    /** The options of a GCC/Clang link that zccache reads or refuses: the linker, a link map. */
    private static final class GccOptions implements LinkLine.Options {
        Optional<String> linker = Optional.empty();
        Optional<String> map = Optional.empty();

        @Override
        public Refusal option(String a, String value) {
            if (a.startsWith("-B")) {
                return no("-B: the driver's programs and start files come from elsewhere");
            }
            if (a.startsWith("-fuse-ld=")) {
                String ld = a.substring("-fuse-ld=".length());
                if (!ld.equals("bfd") && !ld.equals("lld")) {
                    return no(a + ": that linker cannot list what it read");
                }
                linker = Optional.of(ld);
                return null;
            }
            if (a.startsWith("-flto") && !a.equals("-fno-lto")) {
                return no(a + ": link-time optimization is not modelled");
            }
            if (a.equals("-r") || a.startsWith("-save-temps") || a.equals("-dumpdir")) {
                return no(a);
            }
            if (a.startsWith("-Wl,") || a.equals("-Xlinker")) {
                return linkerOptions(a, a.equals("-Xlinker") ? List.of(value) : List.of(a.substring(4).split(",")));
            }
            return null;
        }

        private Refusal linkerOptions(String given, List<String> linkerArgs) {
            for (int j = 0; j < linkerArgs.size(); j++) {
                String l = linkerArgs.get(j);
                if (l.equals("-Map") || l.equals("--Map")) {
                    if (j + 1 >= linkerArgs.size()) {
                        return no("linker option " + l + " without its file in the same " + given);
                    }
                    l = l + "=" + linkerArgs.get(++j);
                }
                if (l.startsWith("-Map=") || l.startsWith("--Map=")) {
                    String file = l.substring(l.indexOf('=') + 1);
                    if (file.isEmpty() || file.endsWith("/") || file.equals("-")) {
                        return no("linker option " + l + ": a map not written to one named file");
                    }
                    map = Optional.of(file);
                    continue;
                }
                for (String bad : UNMODELLED_LINKER) {
                    if (l.equals(bad) || l.startsWith(bad + "=")) {
                        return no("linker option " + l);
                    }
                }
            }
            return null;
        }
    }

    private static Refusal no(String why) {
        return new Refusal(Reason.LINK, why);
    }
}
