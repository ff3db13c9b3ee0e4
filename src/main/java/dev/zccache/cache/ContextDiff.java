package dev.zccache.cache;

import dev.zccache.outcome.Reason;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Says what differs between two context keys from their dumps (KeyHasher): which compiler,
 * which arguments were added or removed, which environment variable changed. This is the part
 * of {@code zccache explain} that names a changed argument rather than "the key differs".
 */
public final class ContextDiff {

    /**
     * @param reason the first kind of change (compiler, arguments, environment, cwd...)
     * @param changes one line per change, most telling first
     */
    public record Difference(Reason reason, List<String> changes) {
    }

    private ContextDiff() {
    }

    public static Difference between(String before, String after) {
        Map<String, List<String>> was = parse(before);
        Map<String, List<String>> now = parse(after);
        List<String> changes = new ArrayList<>();
        Reason reason = null;
        List<String> names = new ArrayList<>(now.keySet());
        for (String n : was.keySet()) {
            if (!now.containsKey(n)) {
                names.add(n);
            }
        }
        for (String name : names) {
            List<String> a = was.getOrDefault(name, List.of());
            List<String> b = now.getOrDefault(name, List.of());
            if (a.equals(b)) {
                continue;
            }
            List<String> lines = describe(name, a, b, now);
            if (lines.isEmpty()) {
                continue;
            }
            changes.addAll(lines);
            if (reason == null) {
                reason = reasonOf(name);
            }
        }
        return new Difference(reason == null ? Reason.CONTEXT_CHANGED : reason, List.copyOf(changes));
    }

    private static Reason reasonOf(String name) {
        if (name.startsWith("compiler.")) {
            return Reason.COMPILER_CHANGED;
        }
        if (name.equals("args[]") || name.equals("language")) {
            return Reason.ARGUMENTS_CHANGED;
        }
        if (name.equals("env[]")) {
            return Reason.ENVIRONMENT_CHANGED;
        }
        if (name.equals("cwd")) {
            return Reason.CWD_CHANGED;
        }
        if (name.startsWith("input ")) {
            return Reason.OPTION_INPUT_CHANGED;
        }
        if (name.startsWith("extern ")) {
            return Reason.EXTERN_CHANGED;
        }
        if (name.startsWith("native ")) {
            return Reason.NATIVE_CPU_CHANGED;
        }
        if (name.equals("output")) {
            return Reason.OUTPUT_PATH_CHANGED;
        }
        if (name.equals("format")) {
            return Reason.CACHE_FORMAT_CHANGED;
        }
        return Reason.CONTEXT_CHANGED;
    }

    private static List<String> describe(String name, List<String> a, List<String> b, Map<String, List<String>> now) {
        String was = a.isEmpty() ? "" : a.get(0);
        String is = b.isEmpty() ? "" : b.get(0);
        switch (name) {
            case "compiler.digest":
                return List.of("compiler executable changed: " + first(now, "compiler.path") + " (its content differs)");
            case "compiler.version":
                return List.of("compiler version changed: " + firstLine(was) + " -> " + firstLine(is));
            case "compiler.path":
                return List.of("compiler changed: " + was + " -> " + is);
            case "args[]":
                return argumentChanges(a, b);
            case "env[]":
                return environmentChanges(a, b);
            case "cwd":
                return List.of("working directory changed: " + was + " -> " + is);
            case "language":
                return List.of("language changed: " + was + " -> " + is);
            case "output":
                return List.of("output path changed (it is part of the key here): " + was + " -> " + is);
            case "format":
                return List.of("zccache's key format changed (an upgrade): " + was + " -> " + is);
            default:
                if (name.startsWith("input ")) {
                    return List.of("file named by an option changed: " + name.substring("input ".length()));
                }
                if (name.startsWith("extern ")) {
                    return List.of("crate given by --extern changed: " + name.substring("extern ".length()));
                }
                if (name.startsWith("native ")) {
                    return List.of("what " + name.substring("native ".length()) + " means on this machine changed");
                }
                return List.of(name + " changed: " + was + " -> " + is);
        }
    }

    /** Added and removed arguments by a longest-common-subsequence diff (one inserted -D is one change). */
    static List<String> argumentChanges(List<String> a, List<String> b) {
        int[][] lcs = new int[a.size() + 1][b.size() + 1];
        for (int i = a.size() - 1; i >= 0; i--) {
            for (int j = b.size() - 1; j >= 0; j--) {
                lcs[i][j] = a.get(i).equals(b.get(j)) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        List<String> out = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < a.size() || j < b.size()) {
            if (i < a.size() && j < b.size() && a.get(i).equals(b.get(j))) {
                i++;
                j++;
            } else if (i < a.size() && (j == b.size() || lcs[i + 1][j] >= lcs[i][j + 1])) {
                out.add("argument removed: " + a.get(i++));
            } else {
                out.add("argument added: " + b.get(j++));
            }
        }
        if (out.isEmpty()) {
            out.add("arguments changed order");
        }
        return out;
    }

    static List<String> environmentChanges(List<String> a, List<String> b) {
        Map<String, String> was = variables(a);
        Map<String, String> now = variables(b);
        Map<String, Boolean> names = new TreeMap<>();
        was.keySet().forEach(k -> names.put(k, true));
        now.keySet().forEach(k -> names.put(k, true));
        List<String> out = new ArrayList<>();
        for (String n : names.keySet()) {
            String x = was.get(n);
            String y = now.get(n);
            if (Objects.equals(x, y)) {
                continue;
            }
            if (x == null) {
                out.add("environment variable set: " + n + "=" + y);
            } else if (y == null) {
                out.add("environment variable unset: " + n + " (was " + x + ")");
            } else {
                out.add("environment variable changed: " + n + ": " + x + " -> " + y);
            }
        }
        return out;
    }

    private static Map<String, String> variables(List<String> entries) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String e : entries) {
            int eq = e.indexOf('=');
            m.put(eq < 0 ? e : e.substring(0, eq), eq < 0 ? "" : e.substring(eq + 1));
        }
        return m;
    }

    private static Map<String, List<String>> parse(String dump) {
        Map<String, List<String>> m = new LinkedHashMap<>();
        if (dump == null) {
            return m;
        }
        for (String line : dump.split("\n")) {
            int eq = line.indexOf(" = ");
            if (eq < 0) {
                continue;
            }
            m.computeIfAbsent(line.substring(0, eq), k -> new ArrayList<>()).add(line.substring(eq + 3));
        }
        return m;
    }

    private static String first(Map<String, List<String>> m, String name) {
        List<String> v = m.get(name);
        return v == null || v.isEmpty() ? "?" : v.get(0);
    }

    private static String firstLine(String s) {
        int nl = s.indexOf("\\n");
        return nl < 0 ? s : s.substring(0, nl);
    }
}
