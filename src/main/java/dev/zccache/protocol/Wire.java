package dev.zccache.protocol;

/**
 * Wire constants of the launcher protocol.
 *
 * <p>Keep in sync with {@code src/main/c/protocol.h}; {@code WireConstantsTest} parses that
 * header and compares every value. The grammar is in {@code docs/PROTOCOL.md}.
 */
public final class Wire {

    public static final int PROTOCOL_VERSION = 3;

    /** Largest frame body (type byte + payload) either side accepts. */
    public static final int MAX_FRAME_BYTES = 64 * 1024 * 1024;

    public static final byte REQ_COMPILE = 'C';
    public static final byte REQ_PING = 'P';
    public static final byte REQ_STATUS = 'S';
    public static final byte REQ_STOP = 'Q';
    public static final byte REQ_ADMIN = 'A';

    public static final byte REP_STDOUT = 'O';
    public static final byte REP_STDERR = 'E';
    public static final byte REP_EXIT = 'X';
    public static final byte REP_RUN_LOCALLY = 'L';
    public static final byte REP_RESULT = 'R';
    public static final byte REP_ERROR = '!';

    public static final int FLAG_STDOUT_TTY = 0x01;
    public static final int FLAG_STDERR_TTY = 0x02;

    public static final int FORMAT_TEXT = 0;
    public static final int FORMAT_JSON = 1;

    public static final int ERR_MALFORMED = 1;
    public static final int ERR_TOO_LARGE = 2;
    public static final int ERR_VERSION_MISMATCH = 3;
    public static final int ERR_PEER_REFUSED = 4;
    public static final int ERR_UNKNOWN_TYPE = 5;
    public static final int ERR_SHUTTING_DOWN = 6;
    public static final int ERR_INTERNAL = 7;
    public static final int ERR_TRUNCATED = 8;
    public static final int ERR_TIMEOUT = 9;

    /** Largest stdout/stderr chunk the daemon puts in one frame. */
    public static final int MAX_CHUNK_BYTES = 64 * 1024;

    private Wire() {
    }
}
