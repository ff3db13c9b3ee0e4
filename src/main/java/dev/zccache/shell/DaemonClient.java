package dev.zccache.shell;

import dev.zccache.daemon.BuildVersion;
import dev.zccache.daemon.DaemonPaths;
import dev.zccache.protocol.Wire;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The shell's side of the launcher protocol (docs/PROTOCOL.md): sends an admin command as
 * typed and returns the daemon's answer. When no daemon answers it starts one through the
 * launcher ({@code zccache start}), exactly as a build would.
 */
public final class DaemonClient {

    /** The daemon's answer: an exit status and the text to print. */
    public record Answer(int code, String text) {
    }

    private final Path cacheDir;
    private final Path socket;
    private final String version;
    private final String launcher;

    public DaemonClient(Path cacheDir, String launcher) throws IOException {
        this.cacheDir = cacheDir;
        int uid = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        this.socket = DaemonPaths.socketPath(cacheDir, uid);
        this.version = BuildVersion.load(System.getenv("ZCCACHE_BUILD_VERSION"));
        this.launcher = launcher;
    }

    public Path cacheDir() {
        return cacheDir;
    }

    public Answer call(List<String> args) {
        try {
            return send(args);
        } catch (IOException first) {
            if (!startDaemon()) {
                return new Answer(1, "zccache: no daemon answers on " + socket + " (" + first.getMessage() + ")\n");
            }
            try {
                return send(args);
            } catch (IOException e) {
                return new Answer(1, "zccache: the daemon did not answer: " + e.getMessage() + "\n");
            }
        }
    }

    private Answer send(List<String> args) throws IOException {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            ByteArrayOutputStream payload = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(payload);
            out.writeByte(Wire.REQ_ADMIN);
            out.writeShort(Wire.PROTOCOL_VERSION);
            str(out, version);
            out.writeInt(args.size());
            for (String a : args) {
                str(out, a);
            }
            str(out, System.getProperty("user.dir", "/"));
            byte[] body = payload.toByteArray();
            ByteBuffer frame = ByteBuffer.allocate(4 + body.length).putInt(body.length).put(body).flip();
            while (frame.hasRemaining()) {
                ch.write(frame);
            }
            DataInputStream in = new DataInputStream(Channels.newInputStream(ch));
            int length = in.readInt();
            if (length < 1 || length > Wire.MAX_FRAME_BYTES) {
                throw new IOException("bad reply frame length " + length);
            }
            byte type = in.readByte();
            if (type == Wire.REP_RESULT) {
                int code = in.readInt();
                return new Answer(code, readStr(in));
            }
            if (type == Wire.REP_ERROR) {
                int code = in.readUnsignedShort();
                long pid = in.readInt() & 0xffffffffL;
                String daemonVersion = readStr(in);
                String message = readStr(in);
                if (code == Wire.ERR_VERSION_MISMATCH || code == Wire.ERR_SHUTTING_DOWN) {
                    throw new IOException("daemon " + daemonVersion + " (pid " + pid + "): " + message);
                }
                return new Answer(1, "zccache: daemon (pid " + pid + ") answered: " + message + "\n");
            }
            throw new IOException("unexpected reply frame " + (char) type);
        }
    }

    /** `zccache start` through the launcher, which also replaces a daemon of another version. */
    private boolean startDaemon() {
        if (launcher == null || launcher.isEmpty()) {
            return false;
        }
        try {
            Process p = new ProcessBuilder(launcher, "start").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void str(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static String readStr(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > Wire.MAX_FRAME_BYTES) {
            throw new IOException("bad string length " + n);
        }
        return new String(in.readNBytes(n), StandardCharsets.UTF_8);
    }
}
