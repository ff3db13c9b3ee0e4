package dev.zccache.compiler;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Expands {@code @file} arguments the way the GCC driver does (libiberty's expandargv): the
 * file's contents are split at whitespace, with single quotes, double quotes and backslash
 * escaping; nested {@code @file}s expand in turn (relative to the cwd, like gcc); an
 * {@code @file} that cannot be read stays as it is. A cycle is an error, not a hang.
 */
public final class ResponseFiles {

    /** gcc gives up on deeper nesting too; a cycle reaches this quickly. */
    static final int MAX_DEPTH = 64;

    private ResponseFiles() {
    }

    /** The expanded arguments, or empty (with the reason) if the files nest in a cycle. */
    public static Expansion expand(List<String> args, Path cwd) {
        List<String> out = new ArrayList<>(args.size());
        Optional<String> error = expandInto(args, cwd, out, new HashSet<>(), 0);
        return new Expansion(out, error);
    }

    /** The arguments with every readable @file replaced by its contents; an error for a cycle. */
    public record Expansion(List<String> args, Optional<String> error) {
    }

    private static Optional<String> expandInto(List<String> args, Path cwd, List<String> out, Set<Path> open,
            int depth) {
        for (String arg : args) {
            if (arg.length() < 2 || arg.charAt(0) != '@') {
                out.add(arg);
                continue;
            }
            Path file = cwd.resolve(arg.substring(1)).normalize();
            String content;
            try {
                if (!Files.isRegularFile(file)) {
                    out.add(arg);
                    continue;
                }
                content = Files.readString(file, StandardCharsets.UTF_8);
            } catch (IOException | RuntimeException unreadable) {
                out.add(arg);
                continue;
            }
            if (depth >= MAX_DEPTH || !open.add(file)) {
                return Optional.of("response file " + arg + " includes itself");
            }
            Optional<String> nested = expandInto(split(content), cwd, out, open, depth + 1);
            open.remove(file);
            if (nested.isPresent()) {
                return nested;
            }
        }
        return Optional.empty();
    }

    /** Splits response-file text like libiberty's buildargv. */
    static List<String> split(String text) {
        List<String> args = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean inArg = false;
        char quote = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote == 0 && Character.isWhitespace(c)) {
                if (inArg) {
                    args.add(cur.toString());
                    cur.setLength(0);
                    inArg = false;
                }
                continue;
            }
            inArg = true;
            if (c == '\\' && i + 1 < text.length()) {
                cur.append(text.charAt(++i));
            } else if (quote != 0 && c == quote) {
                quote = 0;
            } else if (quote == 0 && (c == '\'' || c == '"')) {
                quote = c;
            } else {
                cur.append(c);
            }
        }
        if (inArg) {
            args.add(cur.toString());
        }
        return args;
    }
}
