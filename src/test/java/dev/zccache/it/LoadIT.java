package dev.zccache.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zccache.protocol.Frames;
import dev.zccache.protocol.Wire;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The load campaign (issue 17), short: 64 clients at once over the real socket, each sending a
 * mix of hits, identical concurrent misses (every client compiles the same new source at the
 * same moment), pings and admin commands. Every reply must be whole and right: each delivered
 * object equals the bare compiler's. Latencies are reported, not asserted (speed is for
 * benchmarks). {@code -Dzccache.load.requests=N} per client (scripts/torture) runs it long.
 */
class LoadIT {

    private static final int CLIENTS = 64;
    private static final int REQUESTS = Integer.getInteger("zccache.load.requests", 40);
    private static final int SOURCES = 8;

    @TempDir
    static Path root;
    static Zccache zc;
    static Path socket;
    static String version;

    @BeforeAll
    static void start() {
        zc = new Zccache(root.resolve("cache"));
        zc.start();
        socket = zc.cacheDir.resolve("daemon.sock");
        version = zc.status().path("version").asString();
    }

    @AfterAll
    static void stop() {
        zc.close();
    }

    private record Reply(byte[] stdout, byte[] stderr, byte type, int status) {
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.MINUTES)
    void sixtyFourClientsGetEveryReplyWholeAndRight() throws Exception {
        Path src = Files.createDirectories(root.resolve("src"));
        List<byte[]> refs = new ArrayList<>();
        for (int i = 0; i < SOURCES; i++) {
            Zccache.write(src.resolve("s" + i + ".c"), "int v" + i + "[" + (10 + i) + "];\nint f" + i
                    + "(int x) { return x + " + i + "; }\n");
        }
        Zccache.pastFileClockTick();
        for (int i = 0; i < SOURCES; i++) {
            assertThat(Zccache.exec(src, zc.env, List.of("gcc", "-O1", "-c", "s" + i + ".c", "-o", "ref" + i + ".o"))
                    .exit()).isZero();
            refs.add(Files.readAllBytes(src.resolve("ref" + i + ".o")));
            // warm: the hits below find these
            assertThat(compile(src, "s" + i + ".c", src.resolve("warm" + i + ".o")).status()).isZero();
        }
        int rounds = (REQUESTS + 9) / 10;
        List<byte[]> newRefs = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            Zccache.write(src.resolve("new" + round + ".c"), "int n" + round + " = " + round + ";\n");
        }
        Zccache.pastFileClockTick();
        for (int round = 0; round < rounds; round++) {
            assertThat(Zccache.exec(src, zc.env, List.of("gcc", "-O1", "-c", "new" + round + ".c", "-o", "refn.o"))
                    .exit()).isZero();
            newRefs.add(Files.readAllBytes(src.resolve("refn.o")));
        }
        CyclicBarrier together = new CyclicBarrier(CLIENTS);
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        AtomicInteger wrong = new AtomicInteger();
        List<String> problems = java.util.Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        long started = System.nanoTime();
        try {
            List<Future<?>> clients = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                int client = c;
                clients.add(pool.submit(() -> {
                    Random random = new Random(client);
                    Path out = Files.createDirectories(root.resolve("out" + client));
                    for (int r = 0; r < REQUESTS; r++) {
                        long t0 = System.nanoTime();
                        if (r % 10 == 0) {
                            // all clients at once: the same new source, compiled once by the daemon
                            int round = r / 10;
                            together.await();
                            t0 = System.nanoTime();
                            Reply rep = compile(src, "new" + round + ".c", out.resolve("n.o"));
                            if (rep.status() != 0 || !Arrays.equals(Files.readAllBytes(out.resolve("n.o")),
                                    newRefs.get(round))) {
                                wrong.incrementAndGet();
                                problems.add("concurrent miss " + round + " of client " + client + ": "
                                        + new String(rep.stderr()));
                            }
                        } else if (r % 10 < 8) {
                            int i = random.nextInt(SOURCES);
                            Path o = out.resolve("h" + i + ".o");
                            Reply rep = compile(src, "s" + i + ".c", o);
                            if (rep.status() != 0 || !Arrays.equals(Files.readAllBytes(o), refs.get(i))) {
                                wrong.incrementAndGet();
                                problems.add("hit " + i + " of client " + client);
                            }
                        } else {
                            Reply rep = r % 10 == 8 ? exchange(Frames.request(Wire.REQ_PING, Wire.PROTOCOL_VERSION,
                                    version).frame())
                                    : exchange(framed(Frames.request(Wire.REQ_ADMIN, Wire.PROTOCOL_VERSION, version)
                                            .u32(2).str("stats").str("--json").str(out.toString()).body()));
                            if (rep.type() != Wire.REP_RESULT || rep.status() != 0) {
                                wrong.incrementAndGet();
                                problems.add("admin/ping of client " + client + ": type " + (char) rep.type());
                            }
                        }
                        latencies.add(System.nanoTime() - t0);
                    }
                    return null;
                }));
            }
            for (Future<?> f : clients) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        long elapsed = System.nanoTime() - started;
        long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf("load: %d clients x %d requests: %d wrong, p50 %.2f ms, p99 %.2f ms, max %.2f ms, %.0f requests/s%n",
                CLIENTS, REQUESTS, wrong.get(), sorted[sorted.length / 2] / 1e6, sorted[(int) (sorted.length * 0.99)] / 1e6,
                sorted[sorted.length - 1] / 1e6, sorted.length / (elapsed / 1e9));
        assertThat(problems).as("every reply whole and right").isEmpty();
        assertThat(sorted).hasSize(CLIENTS * REQUESTS);
        assertThat(zc.run(root, "status").exit()).isZero();
    }

    private static Reply compile(Path cwd, String source, Path output) throws IOException {
        return exchange(framed(Frames.compile(version, "/usr/bin/gcc", cwd.toString(),
                List.of("/usr/bin/gcc", "-O1", "-c", source, "-o", output.toString()),
                List.of("PATH=/usr/bin:/bin", "LANG=C"))));
    }

    private static byte[] framed(byte[] body) {
        return new Frames().u32(body.length).raw(body).body();
    }

    /** One request; the reply's stdout and stderr chunks and its final frame. */
    private static Reply exchange(byte[] frame) throws IOException {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            ch.write(ByteBuffer.wrap(frame));
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            ByteBuffer buf = ByteBuffer.allocate(65536);
            while (ch.read(buf) >= 0) {
                all.write(buf.array(), 0, buf.position());
                buf.clear();
            }
            ByteBuffer b = ByteBuffer.wrap(all.toByteArray());
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            while (b.remaining() >= 5) {
                int length = b.getInt();
                byte type = b.get();
                byte[] payload = new byte[length - 1];
                b.get(payload);
                switch (type) {
                    case Wire.REP_STDOUT -> out.writeBytes(payload);
                    case Wire.REP_STDERR -> err.writeBytes(payload);
                    case Wire.REP_EXIT, Wire.REP_RESULT -> {
                        return new Reply(out.toByteArray(), err.toByteArray(), type, ByteBuffer.wrap(payload).getInt());
                    }
                    default -> {
                        return new Reply(out.toByteArray(), err.toByteArray(), type, -1);
                    }
                }
            }
            return new Reply(out.toByteArray(), err.toByteArray(), (byte) 0, -1);
        }
    }
}
