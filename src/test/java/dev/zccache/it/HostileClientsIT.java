package dev.zccache.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zccache.protocol.Frames;
import dev.zccache.protocol.Wire;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hostile-clients campaign (issue 17), short: fuzzed frames against the real daemon's
 * socket — random bytes, hostile lengths, truncated frames, valid frames with damaged headers —
 * each sent and half-closed, with a well-formed request between every few hundred. The daemon
 * answers every one with well-formed frames (or nothing), serves the well-formed ones, stays the
 * same process, and keeps its threads bounded. {@code -Dzccache.fuzz.frames=N} (scripts/torture)
 * runs the long campaign; {@code -Dzccache.fuzz.seed} replays one.
 */
class HostileClientsIT {

    private static final int FRAMES = Integer.getInteger("zccache.fuzz.frames", 3000);
    private static final long SEED = Long.getLong("zccache.fuzz.seed", System.nanoTime());
    private static final int MAX_THREADS = 80;

    @TempDir
    static Path root;
    static Zccache zc;
    static Path socket;

    @BeforeAll
    static void start() {
        zc = new Zccache(root.resolve("cache"));
        zc.start();
        socket = zc.cacheDir.resolve("daemon.sock");
    }

    @AfterAll
    static void stop() {
        zc.close();
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.MINUTES)
    void fuzzedFramesGetWellFormedAnswersAndTheDaemonServesThroughout() throws Exception {
        long pid = zc.daemonPid().orElseThrow();
        String version = zc.status().path("version").asString();
        Random random = new Random(SEED);
        List<byte[]> valid = List.of(
                Frames.request(Wire.REQ_PING, Wire.PROTOCOL_VERSION, version).frame(),
                Frames.request(Wire.REQ_STATUS, Wire.PROTOCOL_VERSION, version).u8(Wire.FORMAT_JSON).frame(),
                framed(Frames.compile(version, "/usr/bin/gcc", root.toString(), List.of("/usr/bin/gcc", "-c", "absent.c"),
                        List.of("PATH=/usr/bin"))));
        int maxThreads = 0;
        long maxRss = 0;
        for (int i = 0; i < FRAMES; i++) {
            byte[] frame = hostile(random, valid);
            byte[] reply = send(frame);
            assertThat(wellFormed(reply)).as("seed %d, case %d: the reply to %d bytes", SEED, i, frame.length)
                    .isTrue();
            if (i % 250 == 0) {
                byte[] ping = send(valid.get(0));
                assertThat(ping.length).as("a ping is answered (seed %d, case %d)", SEED, i).isGreaterThan(4);
                assertThat(ping[4]).as("with a result").isEqualTo(Wire.REP_RESULT);
                maxThreads = Math.max(maxThreads, procStatus(pid, "Threads:"));
                maxRss = Math.max(maxRss, procStatus(pid, "VmRSS:"));
            }
        }
        maxThreads = Math.max(maxThreads, procStatus(pid, "Threads:"));
        System.out.printf("hostile clients: %d frames (seed %d): daemon alive, max %d threads, max RSS %d MB%n",
                FRAMES, SEED, maxThreads, maxRss / 1024);
        assertThat(zc.daemonPid()).as("the same daemon").contains(pid);
        assertThat(maxThreads).as("threads stay bounded").isLessThanOrEqualTo(MAX_THREADS);
        assertThat(zc.run(root, "status").exit()).isZero();
    }

    /** One hostile frame: random bytes, a hostile length, a truncated frame, or a valid one with a damaged header. */
    private static byte[] hostile(Random random, List<byte[]> valid) {
        byte[] base = valid.get(random.nextInt(valid.size()));
        switch (random.nextInt(4)) {
            case 0: {
                byte[] b = new byte[random.nextInt(64)];
                random.nextBytes(b);
                return b;
            }
            case 1: {
                long[] lengths = {0, 1, 2, 3, 0x7fffffffL, 0xffffffffL, Wire.MAX_FRAME_BYTES + 1L, random.nextInt(1 << 20)};
                byte[] rest = new byte[random.nextInt(32)];
                random.nextBytes(rest);
                return new Frames().u32(lengths[random.nextInt(lengths.length)]).raw(rest).body();
            }
            case 2:
                return java.util.Arrays.copyOf(base, random.nextInt(base.length));
            default: {
                // the length, type, protocol and version header: never a valid stop, clear or other admin request
                byte[] b = base.clone();
                int flips = 1 + random.nextInt(3);
                for (int f = 0; f < flips; f++) {
                    int at = random.nextInt(Math.min(16, b.length));
                    b[at] = (byte) random.nextInt(256);
                }
                if (b.length > 4 && (b[4] == Wire.REQ_STOP || b[4] == Wire.REQ_ADMIN)) {
                    b[4] = 'Z';
                }
                return b;
            }
        }
    }

    private static byte[] framed(byte[] body) {
        return new Frames().u32(body.length).raw(body).body();
    }

    /** Sends the bytes, half-closes, and reads until the daemon closes the connection. */
    private static byte[] send(byte[] bytes) throws IOException {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            try {
                ch.write(ByteBuffer.wrap(bytes));
                ch.shutdownOutput();
            } catch (IOException refusedMidWrite) {
                // the daemon may answer and close before reading all of a hostile frame
            }
            java.io.ByteArrayOutputStream got = new java.io.ByteArrayOutputStream();
            ByteBuffer buf = ByteBuffer.allocate(8192);
            try {
                while (ch.read(buf) >= 0) {
                    got.write(buf.array(), 0, buf.position());
                    buf.clear();
                }
            } catch (IOException reset) {
                // a reset after the answer: what was read counts
            }
            return got.toByteArray();
        }
    }

    /** Nothing, or whole frames of known reply types whose last one is final. */
    static boolean wellFormed(byte[] reply) {
        ByteBuffer b = ByteBuffer.wrap(reply);
        byte last = 0;
        while (b.remaining() > 0) {
            if (b.remaining() < 5) {
                return false;
            }
            int length = b.getInt();
            if (length < 1 || length > b.remaining()) {
                return false;
            }
            last = b.get();
            if ("OEXLR!".indexOf(last) < 0) {
                return false;
            }
            b.position(b.position() + length - 1);
        }
        return reply.length == 0 || "XLR!".indexOf(last) >= 0;
    }

    private static int procStatus(long pid, String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith(field)) {
                return Integer.parseInt(line.substring(field.length()).trim().split("\\s+")[0]);
            }
        }
        return -1;
    }
}
