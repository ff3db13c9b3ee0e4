package dev.zccache.protocol;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Builds request frames by hand, the way the C launcher lays them out. */
public final class Frames {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    public static Frames request(byte type, int protocol, String clientVersion) {
        Frames f = new Frames();
        f.u8(type).u16(protocol).str(clientVersion);
        return f;
    }

    public static byte[] compile(String version, String compiler, String cwd, List<String> argv, List<String> env) {
        Frames f = request(Wire.REQ_COMPILE, Wire.PROTOCOL_VERSION, version).u8(0).u16(022).str(compiler).str(cwd);
        f.u32(argv.size());
        argv.forEach(f::str);
        f.u32(env.size());
        env.forEach(f::str);
        return f.body();
    }

    public Frames u8(int v) {
        out.write(v);
        return this;
    }

    public Frames u16(int v) {
        out.write(v >>> 8);
        out.write(v);
        return this;
    }

    public Frames u32(long v) {
        out.write((int) (v >>> 24));
        out.write((int) (v >>> 16));
        out.write((int) (v >>> 8));
        out.write((int) v);
        return this;
    }

    public Frames str(String s) {
        return bytes(s.getBytes(StandardCharsets.UTF_8));
    }

    public Frames bytes(byte[] b) {
        u32(b.length);
        out.writeBytes(b);
        return this;
    }

    public Frames raw(byte[] b) {
        out.writeBytes(b);
        return this;
    }

    /** Type byte + payload, without the length prefix. */
    public byte[] body() {
        return out.toByteArray();
    }

    /** The whole frame: u32 length, then the body. */
    public byte[] frame() {
        byte[] body = body();
        Frames f = new Frames().u32(body.length).raw(body);
        return f.out.toByteArray();
    }
}
