package dev.zccache.protocol;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns one frame body (type byte + payload) into a {@link Request}. Never throws on bad
 * input: anything it cannot read becomes {@link Request.Invalid} with a reason.
 */
public final class RequestDecoder {

    private RequestDecoder() {
    }

    public static Request decode(byte[] body, int length) {
        if (length < 1) {
            return new Request.Invalid(Wire.ERR_MALFORMED, "empty frame");
        }
        Cursor c = new Cursor(body, length);
        byte type = (byte) c.u8();
        int protocol = c.u16();
        if (!c.ok) {
            return new Request.Invalid(Wire.ERR_MALFORMED, "frame too short for a request header");
        }
        if (protocol != Wire.PROTOCOL_VERSION) {
            return new Request.Invalid(Wire.ERR_VERSION_MISMATCH,
                    "protocol " + protocol + " is not the daemon's protocol " + Wire.PROTOCOL_VERSION);
        }
        String clientVersion = c.string();
        Request request = switch (type) {
            case Wire.REQ_COMPILE -> compile(c, clientVersion);
            case Wire.REQ_PING -> new Request.Ping(clientVersion);
            case Wire.REQ_STATUS -> new Request.Status(clientVersion, c.left() > 0 ? c.u8() : Wire.FORMAT_TEXT);
            case Wire.REQ_STOP -> new Request.Stop(clientVersion);
            case Wire.REQ_ADMIN -> admin(c, clientVersion);
            default -> new Request.Invalid(Wire.ERR_UNKNOWN_TYPE, "unknown request type 0x"
                    + Integer.toHexString(type & 0xff));
        };
        if (!c.ok) {
            return new Request.Invalid(Wire.ERR_MALFORMED, "request fields run past the end of the frame");
        }
        if (c.left() != 0 && !(request instanceof Request.Invalid)) {
            return new Request.Invalid(Wire.ERR_MALFORMED, c.left() + " unexpected bytes after the request");
        }
        return request;
    }

    private static Request compile(Cursor c, String clientVersion) {
        int flags = c.u8();
        int umask = c.u16();
        String compiler = c.string();
        String cwd = c.string();
        int argc = c.count();
        List<String> argv = new ArrayList<>(Math.min(argc, 4096));
        for (int i = 0; i < argc && c.ok; i++) {
            argv.add(c.string());
        }
        int envc = c.count();
        Map<String, String> env = new LinkedHashMap<>();
        for (int i = 0; i < envc && c.ok; i++) {
            String entry = c.string();
            int eq = entry.indexOf('=');
            if (eq > 0) {
                env.putIfAbsent(entry.substring(0, eq), entry.substring(eq + 1));
            }
        }
        if (c.ok && argv.isEmpty()) {
            return new Request.Invalid(Wire.ERR_MALFORMED, "compile request without argv");
        }
        return new Request.Compile(clientVersion, flags, umask & 0777, compiler, cwd, Collections.unmodifiableList(argv),
                Collections.unmodifiableMap(env), c.lossless);
    }

    private static Request admin(Cursor c, String clientVersion) {
        int argc = c.count();
        List<String> args = new ArrayList<>(Math.min(argc, 64));
        for (int i = 0; i < argc && c.ok; i++) {
            args.add(c.string());
        }
        String cwd = c.string();
        if (c.ok && args.isEmpty()) {
            return new Request.Invalid(Wire.ERR_MALFORMED, "admin request without a command");
        }
        return new Request.Admin(clientVersion, Collections.unmodifiableList(args), cwd);
    }

    /** Reads big-endian fields; an overrun clears {@code ok} and yields zeros. */
    private static final class Cursor {
        private final byte[] buf;
        private final int end;
        private int pos;
        boolean ok = true;
        boolean lossless = true;
        /** Made on the first non-ASCII string: most requests never need one. */
        private CharsetDecoder utf8;

        Cursor(byte[] buf, int end) {
            this.buf = buf;
            this.end = end;
        }

        int left() {
            return end - pos;
        }

        int u8() {
            if (!ok || left() < 1) {
                ok = false;
                return 0;
            }
            return buf[pos++] & 0xff;
        }

        int u16() {
            if (!ok || left() < 2) {
                ok = false;
                return 0;
            }
            int v = ((buf[pos] & 0xff) << 8) | (buf[pos + 1] & 0xff);
            pos += 2;
            return v;
        }

        long u32() {
            if (!ok || left() < 4) {
                ok = false;
                return 0;
            }
            long v = ((long) (buf[pos] & 0xff) << 24) | ((buf[pos + 1] & 0xff) << 16)
                    | ((buf[pos + 2] & 0xff) << 8) | (buf[pos + 3] & 0xff);
            pos += 4;
            return v;
        }

        /** An element count; every element takes at least 4 bytes, which bounds a lying count. */
        int count() {
            long n = u32();
            if (n * 4 > left()) {
                ok = false;
                return 0;
            }
            return (int) n;
        }

        String string() {
            long n = u32();
            if (!ok || n > left()) {
                ok = false;
                return "";
            }
            int len = (int) n;
            int start = pos;
            pos += len;
            boolean ascii = true;
            for (int i = start; i < start + len; i++) {
                if (buf[i] < 0) {
                    ascii = false;
                    break;
                }
            }
            if (ascii) {
                return new String(buf, start, len, StandardCharsets.ISO_8859_1);
            }
            if (utf8 == null) {
                utf8 = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT);
            }
            try {
                CharBuffer chars = utf8.reset().decode(ByteBuffer.wrap(buf, start, len));
                return chars.toString();
            } catch (CharacterCodingException e) {
                lossless = false;
                return new String(buf, start, len, StandardCharsets.UTF_8);
            }
        }
    }
}
