package dev.zccache.protocol;

import java.util.List;
import java.util.Map;

/** A decoded request from a launcher; {@link Invalid} stands for any frame that could not be. */
public sealed interface Request {

    /** The launcher's build version ("" for {@link Invalid}). */
    String clientVersion();

    /**
     * Run (and later cache) one compile.
     *
     * @param compiler absolute path of the real compiler, resolved by the launcher
     * @param umask the launcher's umask: files the daemon writes for it get the permissions
     *     they would have had without zccache
     * @param argv argv[0] is the compiler path, then the user's arguments in order
     * @param lossless false when some byte string was not valid UTF-8: the daemon then cannot
     *     reproduce it exactly and must let the launcher run the compiler itself
     */
    record Compile(String clientVersion, int flags, int umask, String compiler, String cwd, List<String> argv,
            Map<String, String> env, boolean lossless) implements Request {
    }

    /**
     * An admin command such as {@code stats --json} or {@code explain foo.o}: answered by one
     * result. Relative paths among the arguments are relative to {@code cwd}.
     */
    record Admin(String clientVersion, List<String> args, String cwd) implements Request {
    }

    record Ping(String clientVersion) implements Request {
    }

    record Status(String clientVersion, int format) implements Request {
    }

    record Stop(String clientVersion) implements Request {
    }

    /** A frame that was oversized, truncated, of the wrong version or otherwise malformed. */
    record Invalid(int code, String message) implements Request {
        @Override
        public String clientVersion() {
            return "";
        }
    }
}
