package dev.zccache.compiler.ar;

import dev.zccache.compiler.Analysis;
import dev.zccache.compiler.Refusal;
import dev.zccache.compiler.ResponseFiles;
import dev.zccache.outcome.Reason;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * ar's command line as a pure model: {@code [--plugin P] [-]OP[MODIFIERS] archive member...}
 * with OP {@code r} (replace or insert) or {@code q} (append), before or among its modifiers. Every other operation (extract,
 * list, delete, move, print, index only) writes no archive built from members and is not cached;
 * modifiers whose result depends on more than the members' content (u: timestamps, T: thin
 * archives that hold paths, a/b/i/N: positions and counts) are refused.
 */
final class ArchiveArguments {

    private static final String MODIFIERS = "cvsDUSlPo";

    private ArchiveArguments() {
    }

    static Analysis analyze(List<String> given, Path cwd) {
        ResponseFiles.Expansion expanded = ResponseFiles.expand(given, cwd);
        if (expanded.error().isPresent()) {
            return new Refusal(Reason.RESPONSE_FILE, expanded.error().get());
        }
        List<String> args = expanded.args();
        int i = 0;
        Optional<String> plugin = Optional.empty();
        while (i < args.size() && args.get(i).startsWith("--")) {
            String a = args.get(i);
            if (a.equals("--plugin") && i + 1 < args.size()) {
                plugin = Optional.of(args.get(i + 1));
                i += 2;
            } else if (a.startsWith("--plugin=")) {
                plugin = Optional.of(a.substring("--plugin=".length()));
                i++;
            } else if (a.equals("--version") || a.equals("--help")) {
                return new Refusal(Reason.INFORMATIONAL, a);
            } else {
                return new Refusal(Reason.UNSUPPORTED_OPTION, a);
            }
        }
        if (i >= args.size()) {
            return new Refusal(Reason.MISSING_ARGUMENT, "no operation");
        }
        String letters = args.get(i).startsWith("-") ? args.get(i).substring(1) : args.get(i);
        // the operation may come after modifiers ("crs" is r with c and s)
        String ops = letters.replaceAll("[^dmpqrtx]", "");
        if (ops.length() != 1 || (ops.charAt(0) != 'r' && ops.charAt(0) != 'q')) {
            return new Refusal(Reason.NOT_AN_ARCHIVE_BUILD, "ar " + args.get(i));
        }
        ArchiveInvocation.Deterministic deterministic = ArchiveInvocation.Deterministic.TOOL_DEFAULT;
        for (char m : letters.replaceFirst("[rq]", "").toCharArray()) {
            if (MODIFIERS.indexOf(m) < 0) {
                return new Refusal(Reason.UNSUPPORTED_OPTION, "ar modifier " + m + " (in " + args.get(i) + ")");
            }
            if (m == 'D') {
                deterministic = ArchiveInvocation.Deterministic.ASKED;
            } else if (m == 'U') {
                deterministic = ArchiveInvocation.Deterministic.REFUSED;
            }
        }
        if (i + 1 >= args.size()) {
            return new Refusal(Reason.MISSING_ARGUMENT, "no archive");
        }
        String archive = args.get(i + 1);
        List<String> members = List.copyOf(args.subList(i + 2, args.size()));
        for (String m : members) {
            if (m.startsWith("-")) {
                return new Refusal(Reason.UNSUPPORTED_OPTION, m);
            }
        }
        return new Analysis.Cacheable(new ArchiveInvocation(archive, members, List.copyOf(args), deterministic, plugin));
    }

    /** The archive a call names, cached or not. */
    static Optional<String> namedOutput(List<String> args) {
        for (int i = 0; i + 1 < args.size(); i++) {
            String a = args.get(i);
            if (a.startsWith("--")) {
                if (a.equals("--plugin")) {
                    i++;
                }
                continue;
            }
            return Optional.of(args.get(i + 1));
        }
        return Optional.empty();
    }
}
