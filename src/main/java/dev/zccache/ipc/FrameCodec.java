package dev.zccache.ipc;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import org.springframework.core.serializer.Deserializer;
import org.springframework.core.serializer.Serializer;
import org.springframework.integration.ip.tcp.serializer.SoftEndOfStreamException;

/**
 * Spring (de)serializer for launcher frames: u32 length, then that many bytes. A bad frame does
 * not throw: it becomes {@link Frame.Broken}, which earns an error reply before the
 * (single-use) connection closes. Replies are whole frames, written as they are.
 */
final class FrameCodec implements Serializer<byte[]>, Deserializer<Frame> {

    private static final int INITIAL_BODY_BYTES = 64 * 1024;

    /**
     * Every connection ends with it: Spring Integration reads again after the reply and closes
     * quietly on this exception. Without a stack trace, whose filling was 1 % of the daemon's CPU
     * per compile; a new one each time (a shared one would gather whatever is added to it).
     */
    private static final class Ended extends SoftEndOfStreamException {
        Ended() {
            super("connection closed");
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    }

    private final int maxFrameBytes;

    FrameCodec(int maxFrameBytes) {
        this.maxFrameBytes = maxFrameBytes;
    }

    @Override
    public Frame deserialize(InputStream in) throws IOException {
        byte[] header = new byte[4];
        int got = readFully(in, header, 4);
        if (got == 0) {
            throw new Ended();
        }
        if (got < 4) {
            return new Frame.Broken(Frame.Problem.TRUNCATED, "frame header truncated after " + got + " bytes");
        }
        long length = ((long) (header[0] & 0xff) << 24) | ((header[1] & 0xff) << 16) | ((header[2] & 0xff) << 8)
                | (header[3] & 0xff);
        if (length > maxFrameBytes) {
            return new Frame.Broken(Frame.Problem.TOO_LARGE, "frame of " + length + " bytes is over the limit of "
                    + maxFrameBytes);
        }
        if (length == 0) {
            return new Frame.Broken(Frame.Problem.EMPTY, "empty frame");
        }
        byte[] body = readBody(in, (int) length);
        if (body == null) {
            return new Frame.Broken(Frame.Problem.TRUNCATED, "frame truncated before its " + length + " bytes");
        }
        return new Frame.Whole(body);
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
    public void serialize(byte[] frame, OutputStream out) throws IOException {
        if (out instanceof ChannelOutputStream c) {
            // same lock as streamed frames, so the final frame always comes last and whole
            synchronized (c) {
                c.write(frame, 0, frame.length);
            }
        } else {
            out.write(frame);
            out.flush();
        }
    }
}
