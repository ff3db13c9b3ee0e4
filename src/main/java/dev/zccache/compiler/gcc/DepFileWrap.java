package dev.zccache.compiler.gcc;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Writes a dependency file's rule again for another target, breaking its lines where the
 * compiler itself would: the break points depend on the target's length, so replacing the
 * target alone leaves a file that differs from the compiler's (a renamed build directory).
 *
 * <p>gcc (libcpp mkdeps.c, make_write): a name goes on the line if the column plus its quoted
 * length stays within 72, else " \" ends the line and the next starts with a space. clang
 * (DependencyFileGenerator): a dependency goes on the line if the column plus its unquoted length
 * plus 3 stays within 75, else " \" and the next line starts with two spaces. Checked against
 * both compilers' own files for targets of several lengths (DepFileWrapTest). The phony targets
 * of -MP follow the rule unchanged.
 */
final class DepFileWrap {

    private static final int GCC_COLUMNS = 72;
    private static final int CLANG_COLUMNS = 75;

    private DepFileWrap() {
    }

    /**
     * @param oldTarget the rule's target as written (quoted), which must be its only target
     * @param newTarget the target to write instead, quoted
     * @return the file with the rule rewritten, or empty when its rule is not that one target's
     */
    static Optional<String> rewrap(String stored, String oldTarget, String newTarget, boolean clang) {
        int end = ruleEnd(stored);
        List<String> tokens = tokens(stored.substring(0, end));
        if (tokens.isEmpty() || !tokens.get(0).equals(oldTarget + ":")) {
            return Optional.empty();
        }
        StringBuilder out = new StringBuilder(stored.length() + 16).append(newTarget).append(':');
        int col = newTarget.length() + 1;
        for (String dep : tokens.subList(1, tokens.size())) {
            if (clang) {
                int n = unquotedLength(dep);
                if (col + n + 1 + 2 > CLANG_COLUMNS) {
                    out.append(" \\\n ");
                    col = 2;
                }
                out.append(' ').append(dep);
                col += n + 1;
            } else {
                if (col + dep.length() > GCC_COLUMNS) {
                    out.append(" \\\n");
                    col = 0;
                }
                out.append(' ').append(dep);
                col += dep.length() + 1;
            }
        }
        return Optional.of(out.append(stored, end, stored.length()).toString());
    }

    /** Where the rule ends: at the newline of its first line that does not end in a backslash. */
    private static int ruleEnd(String s) {
        int from = 0;
        while (true) {
            int nl = s.indexOf('\n', from);
            if (nl < 0) {
                return s.length();
            }
            if (nl == 0 || s.charAt(nl - 1) != '\\') {
                return nl;
            }
            from = nl + 1;
        }
    }

    /** The rule's words: continuations removed, split at blanks that are not quoted. */
    private static List<String> tokens(String rule) {
        String text = rule.replace("\\\n", "");
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        int backslashes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean blank = c == ' ' || c == '\t' || c == '\n';
            if (blank && backslashes % 2 == 0) {
                if (cur.length() > 0) {
                    out.add(cur.toString());
                    cur.setLength(0);
                }
            } else {
                cur.append(c);
            }
            backslashes = c == '\\' ? backslashes + 1 : 0;
        }
        if (cur.length() > 0) {
            out.add(cur.toString());
        }
        return out;
    }

    /** A quoted name's length as the file system has it: $$ is $, and 2k+1 backslashes before a blank or # are k. */
    static int unquotedLength(String quoted) {
        int n = 0;
        for (int i = 0; i < quoted.length(); i++) {
            char c = quoted.charAt(i);
            if (c == '$' && i + 1 < quoted.length() && quoted.charAt(i + 1) == '$') {
                i++;
            } else if (c == '\\') {
                int j = i;
                while (j < quoted.length() && quoted.charAt(j) == '\\') {
                    j++;
                }
                int run = j - i;
                boolean quoting = j < quoted.length() && (quoted.charAt(j) == ' ' || quoted.charAt(j) == '#');
                n += quoting ? run / 2 : run;
                i = j - 1;
                continue;
            }
            n++;
        }
        return n;
    }
}
