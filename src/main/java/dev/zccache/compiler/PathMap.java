package dev.zccache.compiler;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Path remapping ({@code ZCCACHE_BASE_DIR}): paths under the base directory are keyed and
 * recorded relative to it, as {@code ${BASE}/…}, so the same tree checked out elsewhere has the
 * same keys and manifests; a recorded path is resolved against the caller's own base.
 * {@link #NONE} changes nothing. A family that remaps must also keep the base out of its outputs
 * (GCC: {@code -ffile-prefix-map=<base>=.}) and key with the absolute path whatever can carry
 * it into an output unmapped (a {@code -D} value).
 */
public final class PathMap {

    /** The variable that turns remapping on: a directory, or {@code auto} (the enclosing git worktree). */
    public static final String VARIABLE = "ZCCACHE_BASE_DIR";

    /** How a path under the base is written in keys and manifests. */
    public static final String MARKER = "${BASE}";

    public static final PathMap NONE = new PathMap(null);

    /** An option's name before a path joined to it: -I/x, -isystem/x, --sysroot=/x, -fprofile-use=/x. */
    private static final Pattern OPTION_PREFIX = Pattern.compile("--?[A-Za-z][-A-Za-z0-9_+]*=?");

    private final String base;

    private PathMap(String base) {
        this.base = base;
    }

    /** Remapping against this directory (absolute, normalized; "/" remaps nothing). */
    public static PathMap of(Path base) {
        Path b = base.toAbsolutePath().normalize();
        return b.getNameCount() == 0 ? NONE : new PathMap(b.toString());
    }

    /** The call's map: from its {@code ZCCACHE_BASE_DIR} ({@code auto}: the git worktree around its cwd). */
    public static PathMap forCall(Map<String, String> env, Path cwd) {
        String v = env.get(VARIABLE);
        if (v == null || v.isBlank()) {
            return NONE;
        }
        if (v.strip().equals("auto")) {
            for (Path d = cwd.toAbsolutePath().normalize(); d != null; d = d.getParent()) {
                if (Files.exists(d.resolve(".git"))) { // a directory, or a worktree's .git file
                    return of(d);
                }
            }
            return NONE;
        }
        Path p = Path.of(v.strip());
        return p.isAbsolute() ? of(p) : NONE;
    }

    public boolean active() {
        return base != null;
    }

    /** The base directory, when remapping is on. */
    public Optional<Path> base() {
        return Optional.ofNullable(base).map(Path::of);
    }

    /** An absolute path as keys and manifests hold it: {@code ${BASE}/rest} under the base, else unchanged. */
    public String relative(String path) {
        if (base == null || !path.startsWith(base)) {
            return path;
        }
        if (path.length() == base.length()) {
            return MARKER;
        }
        return path.charAt(base.length()) == '/' ? MARKER + path.substring(base.length()) : path;
    }

    /**
     * An argument as the key holds it: a path under the base, alone or joined to an option's
     * name, remapped. {@code -D} and {@code -U} values stay as they are: a macro carries its
     * path into the object whatever the prefix maps say.
     */
    public String argument(String arg) {
        if (base == null) {
            return arg;
        }
        int at = arg.indexOf(base);
        if (at < 0) {
            return arg;
        }
        if (at == 0) {
            return relative(arg);
        }
        String option = arg.substring(0, at);
        if (option.startsWith("-D") || option.startsWith("-U") || !OPTION_PREFIX.matcher(option).matches()) {
            return arg;
        }
        String path = relative(arg.substring(at));
        return path.startsWith(MARKER) ? option + path : arg;
    }

    /**
     * Any text (an argument, a variable's value) as the key holds it: the base remapped wherever
     * it stands as a whole path or a path's start ({@code --out-dir=/base/t},
     * {@code dependency=/base/t}, {@code a:/base/b}), not inside another path. For tools whose
     * outputs are checked instead ({@link #namedIn}): rustc's arguments and cargo's variables.
     */
    public String text(String s) {
        if (base == null || s == null) {
            return s;
        }
        int at = s.indexOf(base);
        if (at < 0) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length());
        int from = 0;
        for (; at >= 0; at = s.indexOf(base, at + 1)) {
            int end = at + base.length();
            boolean starts = at == 0 || !isPathChar(s.charAt(at - 1));
            boolean ends = end == s.length() || s.charAt(end) == '/' || !isPathChar(s.charAt(end));
            if (starts && ends && at >= from) {
                out.append(s, from, at).append(MARKER);
                from = end;
            }
        }
        return out.append(s, from, s.length()).toString();
    }

    /** A character that continues a path name (so a base found beside it is part of another path). */
    private static boolean isPathChar(char c) {
        return Character.isLetterOrDigit(c) || c == '/' || c == '.' || c == '-' || c == '_' || c == '+' || c == '~';
    }

    /** A recorded path back to a real one: {@code ${BASE}/rest} under this base, else resolved against cwd. */
    public Path resolve(Path cwd, String recorded) {
        if (recorded.startsWith(MARKER) && base != null) {
            return Path.of(base + recorded.substring(MARKER.length()));
        }
        return cwd.resolve(recorded);
    }

    /**
     * A text output (a dependency file) written under another base, as this one would write it:
     * every {@code from/} becomes {@code base/}.
     */
    public byte[] rebase(byte[] text, String from) {
        if (base == null || from == null || from.equals(base)) {
            return text;
        }
        return rebase(new String(text, StandardCharsets.ISO_8859_1), from).getBytes(StandardCharsets.ISO_8859_1);
    }

    /** The same for a path or other text. */
    public String rebase(String text, String from) {
        if (base == null || from == null || from.equals(base)) {
            return text;
        }
        return text.replace(from + "/", base + "/");
    }

    /** Whether these bytes (an output) name the base directory anywhere. */
    public boolean namedIn(byte[] bytes) {
        if (base == null) {
            return false;
        }
        byte[] b = base.getBytes(StandardCharsets.UTF_8);
        outer:
        for (int i = 0, last = bytes.length - b.length; i <= last; i++) {
            if (bytes[i] != b[0]) {
                continue;
            }
            for (int j = 1; j < b.length; j++) {
                if (bytes[i + j] != b[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    /** The base as a string (null when off): what a result records to be rebased later. */
    public String baseString() {
        return base;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PathMap m && java.util.Objects.equals(base, m.base);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hashCode(base);
    }

    @Override
    public String toString() {
        return base == null ? "no remapping" : "base " + base;
    }
}
