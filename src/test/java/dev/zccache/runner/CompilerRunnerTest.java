package dev.zccache.runner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zccache.daemon.ZccacheProperties;
import dev.zccache.hash.NativeLibrary;
import dev.zccache.protocol.ReplySink;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runner as the daemon uses it: children started by one posix_spawn through the library. */
class CompilerRunnerTest {

    @TempDir
    static Path lib;

    @TempDir
    Path dir;

    @BeforeAll
    static void loadTheLibrary() {
        assertThat(NativeLibrary.load(lib)).as("libzccache-native.so is built by mvn compile").isTrue();
        assertThat(NativeChild.available()).isTrue();
    }

    private final CompilerRunner runner = new CompilerRunner(properties());

    private static ZccacheProperties properties() {
        return new ZccacheProperties(lib.resolve("cache"), 0, Duration.ofSeconds(10), Duration.ZERO, "", 1 << 20, 2,
                1 << 20, false, 0, Duration.ofSeconds(10), false, "", false, Duration.ofMillis(150),
                Duration.ofSeconds(5), Duration.ofDays(30), 1 << 26, 1000, "", Duration.ofSeconds(30), false);
    }

    @AfterEach
    void stopRunner() {
        runner.destroy();
    }

    /** What the client got. */
    private static final class Client implements ReplySink {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();

        @Override
        public synchronized void stdout(byte[] b, int off, int len) {
            out.write(b, off, len);
        }

        @Override
        public synchronized void stderr(byte[] b, int off, int len) {
            err.write(b, off, len);
        }

        @Override
        public Watch watchDisconnect(Runnable onGone) {
            return () -> { };
        }
    }

    private CompilerRunner.Completed sh(String script, Map<String, String> env, Client client) {
        return runner.execute(List.of("/bin/sh", "-c", script), dir, env, client, true);
    }

    @Test
    void theChildGetsExactlyItsArgumentsEnvironmentAndDirectoryAndNullInput() throws Exception {
        Client client = new Client();
        CompilerRunner.Completed done = sh("printf '%s|' \"$0\" \"$ZZ\"; pwd; env | sort; cat; echo err >&2; exit 3",
                Map.of("ZZ", "a b", "PATH", "/usr/bin:/bin"), client);
        assertThat(done.exit()).isEqualTo(3);
        String out = client.out.toString(StandardCharsets.UTF_8);
        assertThat(out).startsWith("/bin/sh|a b|" + dir.toRealPath() + "\n");
        assertThat(out.lines().filter(l -> l.contains("=")).toList())
                .containsExactlyInAnyOrder("PATH=/usr/bin:/bin", "PWD=" + dir.toRealPath(), "ZZ=a b");
        assertThat(new String(done.stdout(), StandardCharsets.UTF_8)).isEqualTo(out);
        assertThat(client.err.toString(StandardCharsets.UTF_8)).isEqualTo("err\n");
        assertThat(done.captured()).isTrue();
    }

    @Test
    void theChildHoldsNoDescriptorOfTheDaemonButItsThree() throws Exception {
        Client client = new Client();
        try (var open = Files.newInputStream(Files.writeString(dir.resolve("held"), "x"))) {
            // ls opens the directory it lists: one more than the three
            assertThat(sh("ls /proc/self/fd", Map.of(), client).exit()).isZero();
        }
        assertThat(client.out.toString(StandardCharsets.UTF_8).lines().toList()).containsExactly("0", "1", "2", "3");
    }

    @Test
    void anAbsoluteProgramStartsByOnePosixSpawnNotThroughTheJdk() throws Exception {
        Child child = NativeChild.start(List.of("/bin/sh", "-c", "exit 7"), dir, Map.of()).orElseThrow();
        assertThat(child).isInstanceOf(NativeChild.class);
        assertThat(child.stdout().read()).isEqualTo(-1);
        assertThat(child.await()).isEqualTo(7);
        assertThat(ProcessHandle.of(child.pid())).as("waited for, not yet collected").isPresent();
        child.release();
        assertThat(NativeChild.start(List.of("sh", "-c", "exit 7"), dir, Map.of())).as("found on PATH: the JDK's")
                .isEmpty();
    }

    @Test
    void aChildEndedByASignalExitsWith128PlusItAsInAShell() {
        assertThat(sh("kill -TERM $$", Map.of(), new Client()).exit()).isEqualTo(143);
    }

    @Test
    void aProgramThatCannotRunIs127WithTheReasonOnStderr() {
        Client client = new Client();
        CompilerRunner.Completed done = runner.execute(List.of(dir.resolve("no-such-cc").toString(), "-c"), dir,
                Map.of(), client, true);
        assertThat(done.exit()).isEqualTo(127);
        assertThat(client.err.toString(StandardCharsets.UTF_8)).contains("cannot run").contains("no-such-cc");
    }

    @Test
    void aBareProgramNameIsStillFoundThroughTheJdk() {
        Client client = new Client();
        assertThat(runner.execute(List.of("sh", "-c", "echo found"), dir, Map.of("PATH", "/usr/bin:/bin"), client, true)
                .exit()).isZero();
        assertThat(client.out.toString(StandardCharsets.UTF_8)).isEqualTo("found\n");
    }

    @Test
    void aScriptWithoutAnInterpreterLineRunsAsAShellWouldRunIt() throws Exception {
        Path script = Files.writeString(dir.resolve("cc-wrapper"), "echo wrapped \"$1\"\n");
        Files.setPosixFilePermissions(script, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        Client client = new Client();
        assertThat(runner.execute(List.of(script.toString(), "x.c"), dir, Map.of("PATH", "/usr/bin:/bin"), client, true)
                .exit()).isZero();
        assertThat(client.out.toString(StandardCharsets.UTF_8)).isEqualTo("wrapped x.c\n");
    }

    @Test
    void manyChildrenInARowLeaveNoZombieOrDescriptorBehind() throws Exception {
        long fds = Files.list(Path.of("/proc/self/fd")).count();
        for (int i = 0; i < 50; i++) {
            assertThat(sh("exit 0", Map.of(), new Client()).exit()).isZero();
        }
        assertThat(Files.list(Path.of("/proc/self/fd")).count()).isLessThanOrEqualTo(fds + 2);
        assertThat(ProcessHandle.current().children().filter(p -> p.info().command().orElse("").endsWith("sh")))
                .isEmpty();
    }
}
