package dev.zccache.compiler;

/**
 * A file a cacheable call writes, stored with its result and delivered on a hit.
 *
 * @param role the name the result entry stores it under ("object", "depfile", "dwo"…); stable
 * @param path where this call writes it, as given (relative to the cwd or absolute)
 * @param required the call's main product: a run that did not write it (or wrote it empty) is
 *     not stored, and an entry without it is damaged. Other outputs are stored when written.
 * @param rewritten its stored bytes name the output they were made for and are rewritten for
 *     this call on delivery ({@link Invocation#rewrite})
 * @param executable a program (a linked binary): delivered with the execute bits the caller's
 *     umask allows, as the linker would create it
 */
public record Output(String role, String path, boolean required, boolean rewritten, boolean executable) {

    public static Output required(String role, String path) {
        return new Output(role, path, true, false, false);
    }

    public static Output optional(String role, String path) {
        return new Output(role, path, false, false, false);
    }

    public static Output rewritten(String role, String path) {
        return new Output(role, path, false, true, false);
    }

    /** A required output rewritten on delivery (rustc's dep-info: it names the checkout's files). */
    public static Output requiredRewritten(String role, String path) {
        return new Output(role, path, true, true, false);
    }

    /** A required program. */
    public static Output executable(String role, String path) {
        return new Output(role, path, true, false, true);
    }
}
