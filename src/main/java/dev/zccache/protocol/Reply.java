package dev.zccache.protocol;

/** The frame that ends a reply (stdout/stderr chunks may precede it; see {@link ReplySink}). */
public sealed interface Reply {

    /** The compiler's exit status (128 + signal when it was killed). */
    record Exit(int status) implements Reply {
    }

    /** The launcher should run the compiler itself (not something the daemon runs). */
    record RunLocally(String reason) implements Reply {
    }

    /** An admin answer: text to print on stdout and the exit code for the launcher. */
    record Result(int code, String text) implements Reply {
    }

    /** The request failed; the connection is closed after this frame. */
    record Error(int code, long daemonPid, String daemonVersion, String message) implements Reply {
    }
}
