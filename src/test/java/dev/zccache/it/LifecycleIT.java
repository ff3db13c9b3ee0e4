package dev.zccache.it;

import static dev.zccache.it.Zccache.await;
import static dev.zccache.it.Zccache.script;
import static dev.zccache.it.Zccache.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.zccache.daemon.DaemonPaths;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Starting, stopping, replacing and losing the daemon never fails a build. */
class LifecycleIT {

    private static final String SOURCE = "int answer(void) { return 42; }\n";

    @TempDir
    Path work;
    Zccache zc;

    @BeforeEach
    void setUp() throws IOException {
        zc = new Zccache(work.resolve("cache"));
        write(work.resolve("t.c"), SOURCE);
        zc.bare(work, "gcc", "-c", "t.c", "-o", "ref.o");
    }

    @AfterEach
    void tearDown() {
        zc.close();
    }

    private void assertCompiles(String object, Map<String, String> env) throws IOException {
        Zccache.Result r = zc.run(work, env, "gcc", "-c", "t.c", "-o", object);
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(Files.readAllBytes(work.resolve(object))).isEqualTo(Files.readAllBytes(work.resolve("ref.o")));
    }

    /** Live daemon JVMs (including ones still starting) serving this cache dir. */
    private long daemonProcesses() {
        byte[] marker = ("ZCCACHE_CACHE_DIR=" + zc.cacheDir + "\0").getBytes(StandardCharsets.UTF_8);
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains("zccache.jar")).orElse(false))
                .filter(p -> {
                    try {
                        byte[] env = Files.readAllBytes(Path.of("/proc", Long.toString(p.pid()), "environ"));
                        return indexOf(env, marker) >= 0;
                    } catch (IOException gone) {
                        return false;
                    }
                })
                .count();
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Test
    void twentyClientsRacingToAutoStartShareOneDaemon() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(20);
        try {
            List<Future<Zccache.Result>> results = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                String out = "race" + i + ".o";
                results.add(pool.submit(() -> zc.run(work, "gcc", "-c", "t.c", "-o", out)));
            }
            for (Future<Zccache.Result> r : results) {
                assertThat(r.get().exit()).as(r.get().err()).isZero();
            }
        } finally {
            pool.shutdown();
        }
        for (int i = 0; i < 20; i++) {
            assertThat(Files.readAllBytes(work.resolve("race" + i + ".o")))
                    .isEqualTo(Files.readAllBytes(work.resolve("ref.o")));
        }
        await("one daemon", Duration.ofSeconds(30), () -> daemonProcesses() == 1);
        assertThat(zc.running()).isTrue();
        // every compile went through the daemon: none fell back to running gcc itself
        assertThat(zc.cacheDir.resolve("logs/launcher.log")).doesNotExist();
    }

    @Test
    void startIsANoOpWhenRunningAndStopThenStartGivesANewDaemon() {
        zc.start();
        long first = zc.daemonPid().orElseThrow();
        Zccache.Result again = zc.run(work, "start");
        assertThat(again.exit()).isZero();
        assertThat(again.out()).contains("already running");
        assertThat(zc.daemonPid()).contains(first);

        Zccache.Result stop = zc.run(work, "stop");
        assertThat(stop.exit()).isZero();
        // stop returns once the daemon released daemon.lock; the process is gone a moment later
        await("the old daemon to exit", Duration.ofSeconds(10), () -> !Zccache.alive(first));
        assertThat(zc.run(work, "status").exit()).isEqualTo(1);
        assertThat(zc.cacheDir.resolve("daemon.sock")).doesNotExist();

        zc.start();
        assertThat(zc.daemonPid()).isPresent().isNotEqualTo(java.util.Optional.of(first));
    }

    @Test
    void killedDaemonWithStaleSocketIsReplacedAndTheBuildSucceeds() throws Exception {
        zc.start();
        long pid = zc.daemonPid().orElseThrow();
        new ProcessBuilder("kill", "-9", Long.toString(pid)).start().waitFor();
        await("the daemon to die", Duration.ofSeconds(10), () -> !Zccache.alive(pid));
        assertThat(zc.cacheDir.resolve("daemon.sock")).exists();

        assertCompiles("after-kill.o", Map.of());
        assertThat(zc.daemonPid()).isPresent().isNotEqualTo(java.util.Optional.of(pid));
        assertThat(zc.cacheDir.resolve("logs/launcher.log")).doesNotExist();
    }

    @Test
    void aDaemonWhoseSocketFileIsRemovedMakesWayForANewOne() throws Exception {
        zc.start();
        long pid = zc.daemonPid().orElseThrow();
        Files.delete(zc.cacheDir.resolve("daemon.sock"));
        // unreachable, it would hold daemon.lock until its idle timeout and every compile would
        // wait for a daemon that cannot start
        await("the unreachable daemon to exit", Duration.ofSeconds(15), () -> !Zccache.alive(pid));
        long before = System.nanoTime();
        assertCompiles("after-unlink.o", Map.of("ZCCACHE_STRICT", "1"));
        assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofSeconds(10));
        assertThat(zc.daemonPid()).isPresent().isNotEqualTo(java.util.Optional.of(pid));
        assertThat(Files.readString(zc.cacheDir.resolve("logs/daemon.log"))).contains("socket file was removed");
    }

    @Test
    void aDaemonWhoseListenerCannotBindExitsInsteadOfStayingUnreachable() throws Exception {
        // a directory where the socket goes (with a file in it, so it cannot be cleared away):
        // the listener cannot bind, as when the cache dir is deleted while the daemon starts
        write(zc.cacheDir.resolve("daemon.sock").resolve("keep"), "x");
        Zccache.Result start = zc.run(work, Map.of("ZCCACHE_START_TIMEOUT_MS", "4000"), "start");
        assertThat(start.exit()).isNotZero();
        long pid = zc.status().path("pid").asLong();
        assertThat(pid).as("the daemon that could not listen").isPositive();
        await("the daemon that cannot listen to exit", Duration.ofSeconds(20), () -> !Zccache.alive(pid));
        assertThat(Files.readString(zc.cacheDir.resolve("logs/daemon.log"))).contains("socket listener is not listening");
    }

    @Test
    void strictModeExits125WhenNoDaemonCanStart() {
        Zccache.Result r = zc.run(work, Map.of("ZCCACHE_STRICT", "1", "ZCCACHE_JAR", "/nonexistent/zccache.jar"),
                "gcc", "-c", "t.c", "-o", "strict.o");
        assertThat(r.exit()).isEqualTo(125);
        assertThat(r.err()).contains("zccache: error: daemon-unreachable:");
        assertThat(work.resolve("strict.o")).doesNotExist();
    }

    @Test
    void withoutAUsableCacheDirTheCompilerRunsAndStrictModeSaysWhy() throws IOException {
        Map<String, String> noDir = Map.of("ZCCACHE_CACHE_DIR", "/dev/null/cache");
        assertCompiles("nodir.o", noDir);
        Map<String, String> strict = new java.util.HashMap<>(noDir);
        strict.put("ZCCACHE_STRICT", "1");
        Zccache.Result r = zc.run(work, strict, "gcc", "-c", "t.c", "-o", "strict-nodir.o");
        assertThat(r.exit()).isEqualTo(125);
        assertThat(r.err()).contains("zccache: error: no-cache-dir:");
    }

    @Test
    void withoutStrictModeTheCompilerRunsDirectlyAndTheReasonIsLogged() throws IOException {
        assertCompiles("fallback.o", Map.of("ZCCACHE_JAR", "/nonexistent/zccache.jar"));
        assertThat(Files.readString(zc.cacheDir.resolve("logs/launcher.log")))
                .contains("fallback: daemon-unreachable: the daemon exited while starting");
    }

    /**
     * Runs a command under a parent that adopts orphans and never reaps them (PR_SET_CHILD_SUBREAPER),
     * as some containers' PID 1 does: a daemon the launcher started (and double-forked) that
     * exits stays a zombie, which kill(pid, 0) still finds.
     */
    private static final String NEVER_REAPS = "import ctypes, subprocess, sys\n"
            + "ctypes.CDLL(None).prctl(36, 1, 0, 0, 0)\n"
            + "sys.exit(subprocess.call(sys.argv[1:]))\n";

    @Test
    void aDaemonThatFailsToStartIsNoticedAtOnceAndTheNextCompilesDoNotTryAgain() throws IOException {
        Map<String, String> broken = zc.merged(Map.of("ZCCACHE_JVM_OPTS", "-Xmx1k", "ZCCACHE_START_TIMEOUT_MS", "20000"));
        for (String object : List.of("broken1.o", "broken2.o", "broken3.o")) {
            Zccache.Result r = Zccache.exec(work, broken, List.of("python3", "-c", NEVER_REAPS,
                    Zccache.LAUNCHER.toString(), "gcc", "-c", "t.c", "-o", object));
            assertThat(r.exit()).as(r.err()).isZero();
            assertThat(Files.readAllBytes(work.resolve(object))).isEqualTo(Files.readAllBytes(work.resolve("ref.o")));
        }
        String daemonOut = Files.readString(zc.cacheDir.resolve("logs/daemon.out"));
        assertThat(daemonOut.split("Error occurred during initialization of VM", -1)).as(daemonOut).hasSize(2);
        assertThat(Files.readString(zc.cacheDir.resolve("logs/launcher.log")))
                .contains("fallback: daemon-unreachable: the daemon exited while starting")
                .contains("fallback: daemon-unreachable: a daemon failed to start");

        // zccache start tries at once, and a daemon that answers clears the record
        zc.start();
        assertThat(zc.cacheDir.resolve("start.failed")).doesNotExist();
        assertCompiles("after-broken.o", Map.of());
    }

    @Test
    void idleDaemonExitsByItself() {
        zc.env.put("ZCCACHE_IDLE_TIMEOUT_SECS", "2");
        zc.start();
        long pid = zc.daemonPid().orElseThrow();
        await("idle exit", Duration.ofSeconds(30), () -> !Zccache.alive(pid));
        assertThat(zc.running()).isFalse();
    }

    @Test
    void stopLetsACompileInFlightFinish() throws Exception {
        zc.start();
        Path started = work.resolve("started");
        Path gcc = script(work.resolve("bin/gcc"), "touch started; sleep 2; echo done; exit 0");
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<Zccache.Result> compile = pool.submit(() -> zc.run(work, gcc.toString(), "-c", "t.c"));
            await("the compile to start", Duration.ofSeconds(30), () -> Files.exists(started));
            Zccache.Result stop = zc.run(work, "stop");
            assertThat(stop.exit()).isZero();
            Zccache.Result r = compile.get();
            assertThat(r.exit()).isZero();
            assertThat(r.out()).isEqualTo("done\n");
        } finally {
            pool.shutdown();
        }
        assertThat(zc.cacheDir.resolve("logs/launcher.log")).doesNotExist();
    }

    private List<String> daemonCommandLine() throws IOException {
        long pid = zc.daemonPid().orElseThrow();
        return List.of(new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")),
                StandardCharsets.UTF_8).split("\0"));
    }

    @Test
    void theDaemonRunsC1OnlyCompilingEarlyAndZccacheJvmOptsComeLastSoTheyWin() throws IOException {
        zc.env.put("ZCCACHE_JVM_OPTS", "-XX:CompileThresholdScaling=0.5");
        zc.start();
        List<String> args = daemonCommandLine();
        assertThat(args).contains("-XX:TieredStopAtLevel=1");
        assertThat(args).containsSubsequence("-XX:CompileThresholdScaling=0.1", "-XX:CompileThresholdScaling=0.5",
                "-jar");
    }

    @Test
    void theDaemonsJvmOptionsAreTheFileNextToItsJar() throws IOException {
        Path lib = Files.createDirectories(work.resolve("lib"));
        Path jar = Files.copy(Zccache.JAR, lib.resolve("zccache.jar"));
        Files.writeString(lib.resolve("jvm.options"), "# comment -XX:+UseParallelGC\n\n  -Xss2m -Dzccache.test=1\n"
                + "-Dspring.aot.enabled=true\n");
        zc.env.put("ZCCACHE_JAR", jar.toString());
        zc.start();
        List<String> args = daemonCommandLine();
        assertThat(args).containsSubsequence("-Xss2m", "-Dzccache.test=1", "-Dspring.aot.enabled=true", "-jar")
                .doesNotContain("-XX:+UseParallelGC", "-XX:TieredStopAtLevel=1", "#", "comment");
    }

    @Test
    void theDaemonGetsTheStartUpArchiveOptionsOfItsJdkAndWithARemoteTheRemoteOnes() throws Exception {
        Path lib = Files.createDirectories(work.resolve("lib"));
        Path jar = Files.copy(Zccache.JAR, lib.resolve("zccache.jar"));
        Files.writeString(lib.resolve("jvm.options"), "-Dspring.aot.enabled=true\n");
        // what the launcher runs: $JAVA_HOME/bin/java, else java on PATH, by its real home's name
        String javaHome = zc.env.getOrDefault("JAVA_HOME", "");
        Path java = javaHome.isEmpty() ? Path.of(Zccache.exec(work, zc.env, List.of("sh", "-c", "command -v java"))
                .out().strip()) : Path.of(javaHome, "bin", "java");
        String jdk = java.toRealPath().getParent().getParent().getFileName().toString();
        Path options = Files.createDirectories(lib.resolve("jvm-options"));
        Files.writeString(options.resolve(jdk), "-Dzccache.test.archive=plain\n");
        zc.env.put("ZCCACHE_JAR", jar.toString());
        zc.start();
        assertThat(daemonCommandLine()).contains("-Dzccache.test.archive=plain");
        zc.close();

        // with a remote but no archive trained against one, the plain one
        zc.env.put("ZCCACHE_REMOTE", "redis://127.0.0.1:1");
        zc.start();
        assertThat(daemonCommandLine()).contains("-Dzccache.test.archive=plain");
        zc.close();

        Files.writeString(options.resolve(jdk + "-remote"), "-Dzccache.test.archive=remote\n");
        zc.start();
        assertThat(daemonCommandLine()).contains("-Dzccache.test.archive=remote")
                .doesNotContain("-Dzccache.test.archive=plain");
        zc.close();

        zc.env.remove("ZCCACHE_REMOTE");
        zc.start();
        assertThat(daemonCommandLine()).contains("-Dzccache.test.archive=plain");
    }

    @Test
    void theDaemonLoadsItsNativeLibraryFromTheJarAndHashesWithLibcrypto() {
        zc.start();
        assertThat(zc.status().path("native_stat").asBoolean(false)).isTrue();
        assertThat(zc.status().path("native_hash").asBoolean(false)).isTrue();
    }

    @Test
    void daemonOfAnotherVersionIsReplaced() throws IOException {
        zc.env.put("ZCCACHE_BUILD_VERSION", "0.0.1-old");
        zc.start();
        long old = zc.daemonPid().orElseThrow();
        zc.env.remove("ZCCACHE_BUILD_VERSION");

        assertCompiles("new.o", Map.of());
        await("the old daemon to exit", Duration.ofSeconds(10), () -> !Zccache.alive(old));
        assertThat(zc.status().path("version").asString()).isNotEqualTo("0.0.1-old");
        assertThat(zc.status().path("pid").asLong()).isNotEqualTo(old);
    }

    @Test
    void peerOfAnotherUidIsRefused() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root to run a client as nobody");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")), "needs setpriv");
        zc.start();
        // open everything up so that only the daemon's SO_PEERCRED check stands in the way
        // (only where others cannot pass yet: chmod from Java would drop /tmp's sticky bit)
        for (Path p = work; p.getParent() != null; p = p.getParent()) {
            java.util.Set<java.nio.file.attribute.PosixFilePermission> perms = Files.getPosixFilePermissions(p);
            if (!perms.contains(java.nio.file.attribute.PosixFilePermission.OTHERS_EXECUTE)) {
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
        }
        Files.setPosixFilePermissions(zc.cacheDir, PosixFilePermissions.fromString("rwxrwxrwx"));
        Files.setPosixFilePermissions(zc.cacheDir.resolve("daemon.sock"), PosixFilePermissions.fromString("rw-rw-rw-"));
        Files.setPosixFilePermissions(work.resolve("t.c"), PosixFilePermissions.fromString("rw-r--r--"));
        Path out = Files.createDirectories(work.resolve("nobody"));
        Files.setPosixFilePermissions(out, PosixFilePermissions.fromString("rwxrwxrwx"));
        // a copy nobody can execute wherever the checkout lives
        Path launcher = Files.copy(Zccache.LAUNCHER, out.resolve("zccache"));
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
        Zccache.Result r = Zccache.exec(work, zc.merged(Map.of("ZCCACHE_STRICT", "1", "HOME", "/nonexistent")),
                List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", launcher.toString(),
                        "gcc", "-c", "t.c", "-o", "nobody/t.o"));
        assertThat(r.exit()).as(r.err()).isEqualTo(125);
        assertThat(r.err()).contains("refused");
        assertThat(Files.readString(zc.cacheDir.resolve("logs/daemon.log"))).contains("refused a connection");
        assertThat(zc.running()).isTrue();
    }

    @Test
    void deepCacheDirUsesAShortSocketPathThatLauncherAndDaemonAgreeOn() throws IOException {
        Path deep = work.resolve("d".repeat(60)).resolve("e".repeat(60)).resolve("cache");
        try (Zccache deepZc = new Zccache(deep)) {
            Zccache.Result r = deepZc.run(work, "gcc", "-c", "t.c", "-o", "deep.o");
            assertThat(r.exit()).as(r.err()).isZero();
            int uid = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            Path expected = DaemonPaths.socketPath(deep.toRealPath(), uid);
            assertThat(expected.toString()).startsWith("/tmp/zccache-");
            assertThat(deepZc.status().path("socket").asString()).isEqualTo(expected.toString());
            assertThat(deepZc.status().path("running").asBoolean()).isTrue();
            assertThat(deep.resolve("logs/launcher.log")).doesNotExist();
        }
    }
}
