package dev.zccache.compiler.gcc;

import dev.zccache.compiler.Refusal;
import dev.zccache.outcome.Reason;
import java.util.ArrayList;
import java.util.List;

/**
 * What every driver link's command line says the same way (gcc, clang and emcc alike): the
 * inputs, {@code -o}, {@code -L}, and that a source or {@code -x} means the link compiles first.
 * Every other option, with its value when it takes one, goes to the caller's {@link Options}.
 */
final class LinkLine {

    /**
     * @param output the -o path, or the driver's default
     * @param inputs the objects, archives and libraries named, in order
     * @param libraryDirs the -L directories, as given
     */
    record Parts(String output, List<String> inputs, List<String> libraryDirs) implements Result {
    }

    sealed interface Result permits Parts, Refused {
    }

    record Refused(Refusal refusal) implements Result {
    }

    /** One option that is not an input, -o or -L; returns why it makes the link uncacheable, or null. */
    @FunctionalInterface
    interface Options {
        Refusal option(String option, String value);
    }

    private LinkLine() {
    }

    /** @param args the arguments after @file expansion */
    static Result parse(List<String> args, String defaultOutput, Options options) {
        String output = defaultOutput;
        List<String> inputs = new ArrayList<>();
        List<String> libraryDirs = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (!a.startsWith("-") || a.equals("-")) {
                if (a.equals("-") || Language.fromFileName(a).isPresent()) {
                    return link(a + ": the link compiles a source first (to a temporary object)");
                }
                inputs.add(a);
                continue;
            }
            String value = null;
            if (GccArguments.SEPARATE_VALUE.contains(a)) {
                if (i + 1 >= args.size()) {
                    return new Refused(new Refusal(Reason.MISSING_ARGUMENT, a + " without its value"));
                }
                value = args.get(++i);
            }
            if (a.equals("-o")) {
                output = value;
            } else if (a.startsWith("-o")) {
                output = a.substring(2);
            } else if (a.equals("-L")) {
                libraryDirs.add(value);
            } else if (a.startsWith("-L")) {
                libraryDirs.add(a.substring(2));
            } else if (a.startsWith("-x")) {
                return link("-x: the link compiles a source first");
            } else {
                Refusal no = options.option(a, value);
                if (no != null) {
                    return new Refused(no);
                }
            }
        }
        if (output.equals("-") || output.equals("/dev/null")) {
            return new Refused(new Refusal(Reason.OUTPUT_NOT_A_FILE, "-o " + output));
        }
        return new Parts(output, List.copyOf(inputs), List.copyOf(libraryDirs));
    }

    private static Refused link(String why) {
        return new Refused(new Refusal(Reason.LINK, why));
    }
}
