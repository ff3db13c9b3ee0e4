package dev.zccache.protocol;

import java.nio.charset.StandardCharsets;

/** Encodes reply frames: u32 length, type byte, payload (see docs/PROTOCOL.md). */
public final class ReplyEncoder {

    private ReplyEncoder() {
    }

    public static byte[] encode(Reply reply) {
        // Java 17 has no pattern switch; Reply is sealed, so this chain is complete.
        if (reply instanceof Reply.Exit exit) {
            return new Frame(Wire.REP_EXIT, 4).u32(exit.status()).bytes();
        }
        if (reply instanceof Reply.RunLocally local) {
            byte[] reason = utf8(local.reason());
            return new Frame(Wire.REP_RUN_LOCALLY, 4 + reason.length).str(reason).bytes();
        }
        if (reply instanceof Reply.Result result) {
            byte[] text = utf8(result.text());
            return new Frame(Wire.REP_RESULT, 8 + text.length).u32(result.code()).str(text).bytes();
        }
        Reply.Error error = (Reply.Error) reply;
        byte[] version = utf8(error.daemonVersion());
        byte[] message = utf8(error.message());
        return new Frame(Wire.REP_ERROR, 2 + 4 + 4 + version.length + 4 + message.length)
                .u16(error.code()).u32((int) error.daemonPid()).str(version).str(message).bytes();
    }

    /** A stdout or stderr chunk frame. */
    public static byte[] chunk(byte type, byte[] data, int offset, int length) {
        Frame f = new Frame(type, length);
        System.arraycopy(data, offset, f.buf, f.pos, length);
        f.pos += length;
        return f.bytes();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static final class Frame {
        final byte[] buf;
        int pos;

        Frame(byte type, int payloadLength) {
            buf = new byte[4 + 1 + payloadLength];
            int n = 1 + payloadLength;
            buf[0] = (byte) (n >>> 24);
            buf[1] = (byte) (n >>> 16);
            buf[2] = (byte) (n >>> 8);
            buf[3] = (byte) n;
            buf[4] = type;
            pos = 5;
        }

        Frame u16(int v) {
            buf[pos++] = (byte) (v >>> 8);
            buf[pos++] = (byte) v;
            return this;
        }

        Frame u32(int v) {
            buf[pos++] = (byte) (v >>> 24);
            buf[pos++] = (byte) (v >>> 16);
            buf[pos++] = (byte) (v >>> 8);
            buf[pos++] = (byte) v;
            return this;
        }

        Frame str(byte[] s) {
            u32(s.length);
            System.arraycopy(s, 0, buf, pos, s.length);
            pos += s.length;
            return this;
        }

        byte[] bytes() {
            return buf;
        }
    }
}
