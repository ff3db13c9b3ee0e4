package dev.zccache.ipc;

import dev.zccache.protocol.Inbound;
import dev.zccache.protocol.Reply;
import dev.zccache.protocol.ReplyEncoder;
import dev.zccache.protocol.ReplySink;
import dev.zccache.protocol.Request;
import dev.zccache.protocol.RequestDecoder;
import dev.zccache.protocol.Wire;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import org.springframework.core.serializer.Deserializer;
import org.springframework.core.serializer.Serializer;
import org.springframework.integration.ip.tcp.serializer.SoftEndOfStreamException;

/**
 * Spring (de)serializer for launcher frames: u32 length, then that many bytes. Bad frames do
 * not throw: they become {@link Request.Invalid}, which earns an error reply before the
 * (single-use) connection closes.
 */
final class FrameCodec implements Serializer<Reply>, Deserializer<Inbound> {

    private static final int INITIAL_BODY_BYTES = 64 * 1024;

    private final int maxFrameBytes;

    FrameCodec(int maxFrameBytes) {
        this.maxFrameBytes = maxFrameBytes;
    }

    @Override
    public Inbound deserialize(InputStream in) throws IOException {
        ReplySink sink = in instanceof ChannelInputStream c ? c.connection() : ReplySink.DISCARD;
        byte[] header = new byte[4];
        int got = readFully(in, header, 4);
        if (got == 0) {
            throw new SoftEndOfStreamException("client closed the connection");
        }
        if (got < 4) {
            return invalid(Wire.ERR_TRUNCATED, "frame header truncated after " + got + " bytes", sink);
        }
        long length = ((long) (header[0] & 0xff) << 24) | ((header[1] & 0xff) << 16) | ((header[2] & 0xff) << 8)
                | (header[3] & 0xff);
        if (length > maxFrameBytes) {
            return invalid(Wire.ERR_TOO_LARGE, "frame of " + length + " bytes is over the limit of "
                    + maxFrameBytes, sink);
        }
        if (length == 0) {
            return invalid(Wire.ERR_MALFORMED, "empty frame", sink);
        }
        byte[] body = readBody(in, (int) length);
        if (body == null) {
            return invalid(Wire.ERR_TRUNCATED, "frame truncated before its " + length + " bytes", sink);
        }
        return new Inbound(RequestDecoder.decode(body, body.length), sink);
    }

    /**
     * Reads exactly {@code length} bytes, growing the buffer only as bytes arrive: a client that
     * announces 64 MiB and sends nothing must not make the daemon allocate 64 MiB.
     */
    private static byte[] readBody(InputStream in, int length) throws IOException {
        byte[] buf = new byte[Math.min(length, INITIAL_BODY_BYTES)];
        int got = 0;
        while (got < length) {
            if (got == buf.length) {
                buf = Arrays.copyOf(buf, (int) Math.min(length, 2L * buf.length));
            }
            int n = in.read(buf, got, buf.length - got);
            if (n < 0) {
                return null;
            }
            got += n;
        }
        return buf;
    }

    private static Inbound invalid(int code, String message, ReplySink sink) {
        return new Inbound(new Request.Invalid(code, message), sink);
    }

    private static int readFully(InputStream in, byte[] buf, int length) throws IOException {
        int got = 0;
        while (got < length) {
            int n = in.read(buf, got, length - got);
            if (n < 0) {
                break;
            }
            got += n;
        }
        return got;
    }

    @Override
    public void serialize(Reply reply, OutputStream out) throws IOException {
        byte[] frame = ReplyEncoder.encode(reply);
        if (out instanceof ChannelOutputStream c) {
            // same lock as streamed chunks, so the final frame always comes last and whole
            synchronized (c) {
                c.write(frame, 0, frame.length);
            }
        } else {
            out.write(frame);
            out.flush();
        }
    }
}
