package dev.zccache.ipc;

/** What a client sent: one whole frame body, or why there is none. The bytes mean nothing here. */
public sealed interface Frame {

    /** The bytes after the length prefix, exactly as many as it announced. */
    record Whole(byte[] body) implements Frame {
    }

    record Broken(Problem problem, String message) implements Frame {
    }

    enum Problem {
        /** The stream ended inside the length prefix or the body. */
        TRUNCATED,
        /** The length prefix is over the limit. */
        TOO_LARGE,
        /** A length of zero. */
        EMPTY
    }
}
