package dev.zccache.compiler.rust;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * rustc's dep-info file ({@code --emit=dep-info}): make rules whose first lists every source
 * file the crate read (modules, {@code include!}, {@code include_str!}/{@code include_bytes!}
 * files), then {@code # env-dep:NAME[=value]} lines for each variable {@code env!} or
 * {@code option_env!} read (without a value: it was unset). rustc escapes a space in a path as
 * {@code "\ "}.
 *
 * @param files the files of the first rule, in rustc's order (the crate root first)
 * @param variables the names of the variables the crate read
 */
record DepInfo(List<String> files, List<String> variables) {

    private static final String ENV_DEP = "# env-dep:";

    static DepInfo parse(String text) {
        List<String> files = null;
        Set<String> variables = new LinkedHashSet<>();
        for (String line : text.split("\n")) {
            if (line.startsWith(ENV_DEP)) {
                String dep = line.substring(ENV_DEP.length());
                int eq = dep.indexOf('=');
                variables.add(eq < 0 ? dep : dep.substring(0, eq));
            } else if (files == null && !line.isBlank() && !line.startsWith("#")) {
                int colon = ruleColon(line);
                if (colon >= 0) {
                    files = words(line.substring(colon + 1));
                }
            }
        }
        return new DepInfo(files == null ? List.of() : files, List.copyOf(variables));
    }

    /** The colon ending the target: the first ": " or a colon at the end (paths may hold colons). */
    private static int ruleColon(String line) {
        int c = line.indexOf(": ");
        if (c >= 0) {
            return c;
        }
        return line.endsWith(":") ? line.length() - 1 : -1;
    }

    private static List<String> words(String s) {
        List<String> out = new ArrayList<>();
        StringBuilder w = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length() && s.charAt(i + 1) == ' ') {
                w.append(' ');
                i++;
            } else if (c == ' ' || c == '\t' || c == '\r') {
                if (!w.isEmpty()) {
                    out.add(w.toString());
                    w.setLength(0);
                }
            } else {
                w.append(c);
            }
        }
        if (!w.isEmpty()) {
            out.add(w.toString());
        }
        return out;
    }
}
