package dev.zccache.compiler.gcc;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads the Make rules gcc and clang write for -MD/-MMD: the prerequisites of the first rule
 * are the compile's include closure (the source first). Handles line continuations and the
 * escapes the compilers write ({@code \ } for a space, {@code \#}, {@code $$}); the phony rules
 * of -MP have no prerequisites and add nothing.
 */
final class DepFile {

    private DepFile() {
    }

    /** Every prerequisite of every rule, in order of first appearance. */
    public static List<String> prerequisites(String content) {
        Set<String> out = new LinkedHashSet<>();
        String joined = content.replace("\\\r\n", " ").replace("\\\n", " ");
        for (String line : joined.split("\n")) {
            int colon = ruleColon(line);
            if (colon < 0) {
                continue;
            }
            out.addAll(words(line.substring(colon + 1)));
        }
        return new ArrayList<>(out);
    }

    /** The ':' that ends the targets: unescaped and followed by a blank or the line's end. */
    private static int ruleColon(String line) {
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == ':' && (i + 1 == line.length() || Character.isWhitespace(line.charAt(i + 1)))) {
                return i;
            }
        }
        return -1;
    }

    private static List<String> words(String s) {
        List<String> words = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length() && (s.charAt(i + 1) == ' ' || s.charAt(i + 1) == '#')) {
                cur.append(s.charAt(++i));
            } else if (c == '$' && i + 1 < s.length() && s.charAt(i + 1) == '$') {
                cur.append('$');
                i++;
            } else if (Character.isWhitespace(c)) {
                if (cur.length() > 0) {
                    words.add(cur.toString());
                    cur.setLength(0);
                }
            } else {
                cur.append(c);
            }
        }
        if (cur.length() > 0) {
            words.add(cur.toString());
        }
        return words;
    }
}
