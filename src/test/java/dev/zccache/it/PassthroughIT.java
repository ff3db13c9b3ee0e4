package dev.zccache.it;

import static dev.zccache.it.Zccache.await;
import static dev.zccache.it.Zccache.script;
import static dev.zccache.it.Zccache.write;
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
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every compile through launcher, socket, daemon and real compiler comes back byte for byte. */
class PassthroughIT {

    @TempDir
    static Path root;
    static Zccache zc;

    @TempDir
    Path work;

    @BeforeAll
    static void startDaemon() {
        zc = new Zccache(root.resolve("cache"));
        zc.env.put("ZCCACHE_REQUEST_TIMEOUT", "1s");
        zc.start();
    }

    @AfterAll
    static void stopDaemon() {
        zc.close();
    }

    private static final String WARNING_SOURCE = "#include <stdio.h>\nint main(void) {\n  int unused;\n"
            + "  printf(\"%d\\n\", 1);\n  return 0;\n}\n";

    @Test
    void objectIsByteIdenticalToBareGcc() throws IOException {
        write(work.resolve("t.c"), WARNING_SOURCE);
        Zccache.Result ref = zc.bare(work, "gcc", "-O2", "-c", "t.c", "-o", "ref.o");
        Zccache.Result via = zc.run(work, "gcc", "-O2", "-c", "t.c", "-o", "via.o");
        assertThat(via.exit()).isZero();
        assertThat(ref.exit()).isZero();
        assertThat(Files.readAllBytes(work.resolve("via.o"))).isEqualTo(Files.readAllBytes(work.resolve("ref.o")));
    }

    @Test
    void warningsOnStderrAreByteExact() throws IOException {
        write(work.resolve("t.c"), WARNING_SOURCE);
        Zccache.Result ref = zc.bare(work, "gcc", "-Wall", "-c", "t.c", "-o", "ref.o");
        Zccache.Result via = zc.run(work, "gcc", "-Wall", "-c", "t.c", "-o", "via.o");
        assertThat(ref.err()).contains("unused");
        assertThat(via.stderr()).isEqualTo(ref.stderr());
        assertThat(via.stdout()).isEqualTo(ref.stdout());
    }

    @Test
    void failingCompileReturnsItsStatusAndDiagnostics() throws IOException {
        write(work.resolve("bad.c"), "int main(void) { return x; }\n");
        Zccache.Result ref = zc.bare(work, "gcc", "-c", "bad.c");
        Zccache.Result via = zc.run(work, "gcc", "-c", "bad.c");
        assertThat(ref.exit()).isEqualTo(1);
        assertThat(via.exit()).isEqualTo(1);
        assertThat(via.stderr()).isEqualTo(ref.stderr());
        assertThat(work.resolve("bad.o")).doesNotExist();
    }

    @Test
    void missingCompilerIsAClearError() {
        long errors = zc.stats().path("errors").asLong();
        Zccache.Result via = zc.run(work, "no-such-gcc-zz", "-c", "x.c");
        assertThat(via.exit()).isEqualTo(127);
        assertThat(via.err()).contains("no-such-gcc-zz").contains("not found");
        // the launcher had connected before it looked for the compiler: the daemon saw a
        // connection close with no request, which is no error
        assertThat(zc.stats().path("errors").asLong()).isEqualTo(errors);
    }

    @Test
    void tenMegabytesOfStderrAndBinaryStdoutAreRelayedExactly() throws IOException {
        byte[] noise = new byte[10 * 1024 * 1024];
        new Random(42).nextBytes(noise);
        Files.write(work.resolve("noise.bin"), noise);
        byte[] out = {0, 1, 2, (byte) 0xff, '\n', 'o', 'k'};
        Files.write(work.resolve("out.bin"), out);
        // a "compiler" by name, so the daemon runs it
        Path gcc = script(work.resolve("bin/gcc"), "cat out.bin; cat noise.bin >&2; exit 3");
        Zccache.Result via = zc.run(work, gcc.toString(), "-c", "x.c");
        assertThat(via.exit()).isEqualTo(3);
        assertThat(via.stdout()).isEqualTo(out);
        assertThat(via.stderr()).isEqualTo(noise);
    }

    @Test
    void programThatIsNotACompilerRunsAsIs() {
        Zccache.Result via = zc.run(work, "sh", "-c", "echo hi; echo oops >&2; exit 4");
        assertThat(via.exit()).isEqualTo(4);
        assertThat(via.out()).isEqualTo("hi\n");
        assertThat(via.err()).isEqualTo("oops\n");
    }

    @Test
    void sourceOnStdinCompilesInTheLauncher() throws IOException {
        Path src = write(work.resolve("in.c"), "int f(void) { return 7; }\n");
        List<String> cmd = List.of(Zccache.LAUNCHER.toString(), "gcc", "-x", "c", "-c", "-", "-o", "stdin.o");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(work.toFile()).redirectInput(src.toFile());
        pb.environment().putAll(zc.env);
        try {
            Process p = pb.start();
            assertThat(p.waitFor()).isZero();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        zc.bare(work, "gcc", "-x", "c", "-c", "in.c", "-o", "ref.o");
        assertThat(work.resolve("stdin.o")).exists();
    }

    @Test
    void zccacheZccacheGccIsZccacheGcc() throws IOException {
        write(work.resolve("t.c"), WARNING_SOURCE);
        Zccache.Result via = zc.run(work, "zccache", Zccache.LAUNCHER.toString(), "gcc", "-c", "t.c", "-o", "z.o");
        assertThat(via.exit()).as(via.err()).isZero();
        zc.bare(work, "gcc", "-c", "t.c", "-o", "ref.o");
        assertThat(Files.readAllBytes(work.resolve("z.o"))).isEqualTo(Files.readAllBytes(work.resolve("ref.o")));
    }

    /** A "compiler" that logs a line per call (shell words allowed), then runs the real gcc. */
    /** A gcc that logs each call except the daemon's own questions (--version, -E -v on /dev/null). */
    private Path spyGcc(Path log, String line) throws IOException {
        return script(work.resolve("spy/gcc"), "case \" $* \" in *\" --version \"*|*\" /dev/null \"*) ;; *) echo \""
                + line + "\" >> " + log + " ;; esac\nexec /usr/bin/gcc \"$@\"");
    }

    @Test
    void masqueradeSymlinkUsesTheNextRealCompilerThroughTheDaemon() throws IOException {
        write(work.resolve("t.c"), WARNING_SOURCE);
        Path mask = Files.createDirectories(work.resolve("mask"));
        Files.createSymbolicLink(mask.resolve("gcc"), Zccache.LAUNCHER);
        Path log = work.resolve("spy.log");
        spyGcc(log, "nested=$ZCCACHE_NESTED");
        String path = mask + ":" + work.resolve("spy") + ":/usr/bin:/bin";
        Zccache.Result via = Zccache.exec(work, zc.merged(Map.of("PATH", path)),
                List.of(mask.resolve("gcc").toString(), "-c", "t.c", "-o", "m.o"));
        assertThat(via.exit()).as(via.err()).isZero();
        assertThat(Files.readString(log)).isEqualTo("nested=1\n");
        zc.bare(work, "gcc", "-c", "t.c", "-o", "ref.o");
        assertThat(Files.readAllBytes(work.resolve("m.o"))).isEqualTo(Files.readAllBytes(work.resolve("ref.o")));
    }

    @Test
    void uncacheableCallsRunInTheLauncherAndCompilesInTheDaemon() throws IOException {
        write(work.resolve("t.c"), WARNING_SOURCE);
        Path log = work.resolve("spy.log");
        Path spy = spyGcc(log, "$1 nested=$ZCCACHE_NESTED");
        assertThat(zc.run(work, spy.toString(), "-E", "t.c", "-o", "t.i").exit()).isZero();
        assertThat(zc.run(work, spy.toString(), "-c", "t.c", "-o", "t.o").exit()).isZero();
        // a link that compiles a source is not cached (launcher); a link of objects is (daemon)
        assertThat(zc.run(work, spy.toString(), "t.c", "-o", "prog").exit()).isZero();
        assertThat(zc.run(work, spy.toString(), "t.o", "-o", "prog2").exit()).isZero();
        assertThat(Files.readAllLines(log).stream().filter(l -> !l.startsWith("-print")))
                .as("the daemon's own questions (-print-*) left out")
                .containsExactly("-E nested=", "-c nested=1", "t.c nested=", "t.o nested=1");
        assertThat(zc.bare(work, "./prog").out()).isEqualTo("1\n");
        assertThat(zc.bare(work, "./prog2").out()).isEqualTo("1\n");
    }

    @Test
    void disableRunsTheCompilerWithoutTheDaemon() throws IOException {
        write(work.resolve("t.c"), WARNING_SOURCE);
        Path log = work.resolve("spy.log");
        Path spy = spyGcc(log, "nested=$ZCCACHE_NESTED");
        Zccache.Result via = zc.run(work, Map.of("ZCCACHE_DISABLE", "1"), spy.toString(), "-c", "t.c");
        assertThat(via.exit()).isZero();
        assertThat(Files.readString(log)).isEqualTo("nested=\n");
    }

    @Test
    void sixtyFourConcurrentClientsAllGetTheirOwnResult() throws Exception {
        for (int i = 0; i < 64; i++) {
            write(work.resolve("f" + i + ".c"), "int f" + i + "(int x) { return x * " + i + "; }\n");
        }
        ExecutorService pool = Executors.newFixedThreadPool(64);
        try {
            List<Future<Zccache.Result>> results = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                String n = "f" + i;
                results.add(pool.submit(() -> zc.run(work, "gcc", "-O1", "-c", n + ".c", "-o", n + ".o")));
            }
            for (Future<Zccache.Result> r : results) {
                assertThat(r.get().exit()).as(r.get().err()).isZero();
            }
        } finally {
            pool.shutdown();
        }
        for (int i = 0; i < 64; i++) {
            zc.bare(work, "gcc", "-O1", "-c", "f" + i + ".c", "-o", "ref" + i + ".o");
            assertThat(Files.readAllBytes(work.resolve("f" + i + ".o")))
                    .isEqualTo(Files.readAllBytes(work.resolve("ref" + i + ".o")));
        }
    }

    @Test
    void socketIsOwnerOnlyInsideAnOwnerOnlyDirectory() throws IOException {
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(zc.cacheDir.resolve("daemon.sock"))))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(zc.cacheDir)))
                .isEqualTo("rwx------");
    }

    @Test
    void aClientThatGoesAwayHasItsCompilerKilled() throws Exception {
        Path pidFile = work.resolve("child.pid");
        // answers the daemon's --version and -E -v questions; hangs on the compile itself
        Path gcc = script(work.resolve("bin/gcc"), "case \" $* \" in *\" -c \"*) echo $$ > child.pid.tmp;"
                + " mv child.pid.tmp child.pid; exec sleep 300 ;; esac\nexec /usr/bin/gcc \"$@\"");
        ProcessBuilder pb = new ProcessBuilder(Zccache.LAUNCHER.toString(), gcc.toString(), "-c", "x.c")
                .directory(work.toFile());
        pb.environment().putAll(zc.env);
        Process launcher = pb.start();
        await("the compiler to start", Duration.ofSeconds(30), () -> Files.exists(pidFile));
        long child = Long.parseLong(Files.readString(pidFile).trim());
        assertThat(Zccache.alive(child)).isTrue();
        // TERM, not INT: whatever a non-interactive shell starts in the background ignores INT,
        // and so does every process it execs (a CI runner may start this build that way)
        new ProcessBuilder("kill", "-TERM", Long.toString(launcher.pid())).start().waitFor();
        await("the compiler to be killed", Duration.ofSeconds(10), () -> !Zccache.alive(child));
        launcher.waitFor();
    }

    private static ByteBuffer exchange(byte[] bytes, boolean halfClose) throws IOException {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(zc.cacheDir.resolve("daemon.sock")));
            ch.write(ByteBuffer.wrap(bytes));
            if (halfClose) {
                ch.shutdownOutput();
            }
            ByteBuffer reply = ByteBuffer.allocate(4096);
            while (ch.read(reply) >= 0) {
                // read until the daemon closes the connection
            }
            return reply.flip();
        }
    }

    private static int errorCode(ByteBuffer reply) {
        assertThat(reply.remaining()).isGreaterThan(7);
        assertThat(reply.getInt()).isEqualTo(reply.remaining());
        assertThat(reply.get()).isEqualTo(Wire.REP_ERROR);
        return reply.getShort();
    }

    @Test
    void malformedFramesGetAnErrorAndAClosedConnectionWhileOthersAreServed() throws IOException {
        byte[] wrongVersion = Frames.request(Wire.REQ_PING, 99, "x").frame();
        assertThat(errorCode(exchange(wrongVersion, false))).isEqualTo(Wire.ERR_VERSION_MISMATCH);

        byte[] oversized = new Frames().u32(Wire.MAX_FRAME_BYTES + 1L).raw(new byte[16]).body();
        assertThat(errorCode(exchange(oversized, false))).isEqualTo(Wire.ERR_TOO_LARGE);

        byte[] whole = Frames.request(Wire.REQ_PING, Wire.PROTOCOL_VERSION, "x").frame();
        byte[] truncated = java.util.Arrays.copyOf(whole, whole.length - 2);
        assertThat(errorCode(exchange(truncated, true))).isEqualTo(Wire.ERR_TRUNCATED);

        byte[] unknown = Frames.request((byte) 'Z', Wire.PROTOCOL_VERSION, "x").frame();
        assertThat(errorCode(exchange(unknown, false))).isEqualTo(Wire.ERR_UNKNOWN_TYPE);

        byte[] garbage = new Frames().u32(5).raw(new byte[] {'C', 0, (byte) Wire.PROTOCOL_VERSION, 0, 0}).body();
        assertThat(errorCode(exchange(garbage, false))).isEqualTo(Wire.ERR_MALFORMED);

        assertThat(zc.run(work, "status").exit()).isZero();
    }

    @Test
    void stalledClientIsCutOffAfterTheRequestTimeout() throws IOException {
        byte[] partial = {0, 0, 0, 40, 'P'};
        long start = System.nanoTime();
        assertThat(errorCode(exchange(partial, false))).isEqualTo(Wire.ERR_TIMEOUT);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
        assertThat(zc.run(work, "status").exit()).isZero();
    }
}
