package dev.zccache.compiler.gcc;

import java.util.Optional;

/**
 * The object-dependent parts of a dependency file. Everything else in it is fixed by the key
 * (the -MT/-MQ targets are arguments and so part of it), so a stored .d serves another -o by
 * replacing the default target (the object's name, as gcc escapes it for Make) and breaking the
 * rule's lines again where the compiler would for that name (DepFileWrap).
 */
final class DepFileTarget {

    private DepFileTarget() {
    }

    /** The dependency file gcc writes for -MD/-MMD without -MF: the object's name with .d. */
    public static String defaultPath(GccInvocation invocation) {
        String object = invocation.output();
        int slash = object.lastIndexOf('/');
        int dot = object.lastIndexOf('.');
        return (dot > slash + 1 ? object.substring(0, dot) : object) + ".d";
    }

    /** Where this compile's dependency file goes, if it writes one. */
    public static Optional<String> path(GccInvocation invocation) {
        return invocation.depFile().map(d -> d.path().orElseGet(() -> defaultPath(invocation)));
    }

    /**
     * A stored .d rewritten for another object name: only when the rule's target is the default
     * (no -MT/-MQ, and not -Wp,-MD, whose target comes from the source) does it name the object. Returns empty if the stored text does not start with
     * the expected target, so the caller compiles instead of guessing.
     */
    public static Optional<String> retarget(String stored, GccInvocation storedFor, GccInvocation now) {
        return retarget(stored, storedFor.output(), now, false);
    }

    /**
     * The same, knowing only the object the stored file was written for: every other part of the
     * dependency request (-MD/-MMD, -MT, -MQ, -MP) is in the cache key, so it is the same as now.
     *
     * @param clang the compiler is clang, whose -Wp,-MD rule is named after the object too
     */
    public static Optional<String> retarget(String stored, String storedObject, GccInvocation now, boolean clang) {
        boolean defaultTarget = now.depFile()
                .map(d -> d.targets().isEmpty() && (clang || !d.viaPreprocessor())).orElse(false);
        if (!defaultTarget) {
            return Optional.of(stored);
        }
        String from = escape(storedObject);
        if (storedObject.equals(now.output())) {
            // the usual hit: the file the compiler wrote for this very target (its lines too)
            return stored.startsWith(from + ":") ? Optional.of(stored) : Optional.empty();
        }
        return DepFileWrap.rewrap(stored, from, escape(now.output()), clang);
    }

    /** gcc's Make quoting of a target: blanks escaped (doubling backslashes before them), $ as $$, # as \#. */
    static String escape(String target) {
        StringBuilder out = new StringBuilder(target.length() + 8);
        int backslashes = 0;
        for (int i = 0; i < target.length(); i++) {
            char c = target.charAt(i);
            if (c == '\\') {
                backslashes++;
                out.append(c);
                continue;
            }
            if (c == ' ' || c == '\t') {
                out.append("\\".repeat(backslashes)).append('\\');
            } else if (c == '$') {
                out.append('$');
            } else if (c == '#') {
                out.append('\\');
            }
            backslashes = 0;
            out.append(c);
        }
        return out.toString();
    }
}
