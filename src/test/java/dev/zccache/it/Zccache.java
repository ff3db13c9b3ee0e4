package dev.zccache.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The real launcher against a real daemon, one cache dir per instance. Tests drive it the way a
 * build does: as a process with argv, cwd and environment.
 */
final class Zccache implements AutoCloseable {

    static final Path LAUNCHER = Path.of(System.getProperty("zccache.launcher", "target/native/zccache"))
            .toAbsolutePath();
    static final Path JAR = Path.of(System.getProperty("zccache.jar", "target/zccache.jar")).toAbsolutePath();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    final Path cacheDir;
    final Map<String, String> env = new HashMap<>(System.getenv());

    Zccache(Path cacheDir) {
        this.cacheDir = cacheDir;
        for (String k : List.of("ZCCACHE_DISABLE", "ZCCACHE_STRICT", "ZCCACHE_NESTED", "ZCCACHE_BUILD_VERSION",
                "ZCCACHE_JVM_OPTS")) {
            env.remove(k);
        }
        env.put("ZCCACHE_CACHE_DIR", cacheDir.toString());
        env.put("ZCCACHE_JAR", JAR.toString());
        // a safety net: a daemon a failed test leaves behind goes away by itself
        env.put("ZCCACHE_IDLE_TIMEOUT_SECS", "300");
        env.put("ZCCACHE_START_TIMEOUT_MS", "60000");
        // a rehearsal would run the spies tests put on PATH as cc or ar, at moments that depend
        // on timing; RehearsalIT turns it on
        env.put("ZCCACHE_REHEARSE", "false");
    }

    record Result(int exit, byte[] stdout, byte[] stderr) {
        String out() {
            return new String(stdout, StandardCharsets.UTF_8);
        }

        String err() {
            return new String(stderr, StandardCharsets.UTF_8);
        }
    }

    /** zccache ARGS in cwd. */
    Result run(Path cwd, String... args) {
        return run(cwd, Map.of(), args);
    }

    Result run(Path cwd, Map<String, String> extraEnv, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(LAUNCHER.toString());
        cmd.addAll(List.of(args));
        return exec(cwd, merged(extraEnv), cmd);
    }

    Map<String, String> merged(Map<String, String> extraEnv) {
        Map<String, String> e = new HashMap<>(env);
        extraEnv.forEach((k, v) -> {
            if (v == null) {
                e.remove(k);
            } else {
                e.put(k, v);
            }
        });
        return e;
    }

    /** Runs a command with its output in files (no pipe deadlocks for megabytes of stderr). */
    static Result exec(Path cwd, Map<String, String> env, List<String> cmd) {
        try {
            Path out = Files.createTempFile("zc-out", ".bin");
            Path err = Files.createTempFile("zc-err", ".bin");
            try {
                ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd.toFile())
                        .redirectOutput(out.toFile()).redirectError(err.toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
                pb.environment().clear();
                pb.environment().putAll(env);
                Process p = pb.start();
                if (!p.waitFor(120, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new AssertionError("timed out: " + cmd);
                }
                return new Result(p.exitValue(), Files.readAllBytes(out), Files.readAllBytes(err));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The same command without zccache, for reference output. */
    Result bare(Path cwd, String... cmd) {
        return exec(cwd, env, List.of(cmd));
    }

    JsonNode status() {
        Result r = run(cacheDir.getParent(), "status", "--json");
        return JSON.readTree(r.out());
    }

    /** {@code zccache stats --json}. */
    JsonNode stats() {
        return JSON.readTree(run(cacheDir.getParent(), "stats", "--json").out());
    }

    /** An Actuator endpoint's body, asked with the owner's token, once Actuator has started. */
    String actuator(String path) throws IOException, InterruptedException {
        await("actuator", Duration.ofSeconds(20), () -> !status().path("actuator_url").isNull());
        JsonNode s = status();
        String token = Files.readString(Path.of(s.path("actuator_token_file").asString())).trim();
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(s.path("actuator_url").asString() + path)).header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        return r.body();
    }

    /** Actuator's health, with its components. */
    JsonNode health() throws IOException, InterruptedException {
        return JSON.readTree(actuator("/health"));
    }

    boolean running() {
        return status().path("running").asBoolean(false);
    }

    /** The running daemon's pid, if any. */
    Optional<Long> daemonPid() {
        JsonNode s = status();
        return s.path("running").asBoolean(false) ? Optional.of(s.path("pid").asLong()) : Optional.empty();
    }

    void start() {
        Result r = run(cacheDir.getParent(), "start");
        assertThat(r.exit()).as(r.err()).isZero();
    }

    /**
     * Starts the daemon and waits until it holds its connection to ZCCACHE_REMOTE. A fresh daemon
     * connects while it starts and its first read waits for that, but the test jar has no
     * start-up archive (connecting takes 0.5 s, 0.9 s for a cluster), and a compile that does not
     * find the remote in time compiles, which a test would read as a failure to share;
     * scripts/bench-remote measures a daemon started by the build itself.
     */
    void startConnectedToRemote() {
        start();
        await("the remote connected", Duration.ofSeconds(30), () -> JSON.readTree(
                run(cacheDir.getParent(), "stats", "--json").out()).path("remote").path("connected").asBoolean());
    }

    static void await(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** Stops the daemon; kills it if it will not stop, so no test leaves one behind. */
    @Override
    public void close() {
        Optional<Long> pid = daemonPid();
        run(cacheDir.getParent(), Map.of("ZCCACHE_STOP_TIMEOUT_MS", "20000"), "stop");
        pid.flatMap(ProcessHandle::of).ifPresent(ProcessHandle::destroyForcibly);
    }

    static Path write(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.writeString(file, content);
    }

    /** An executable shell script. */
    /**
     * Waits past the tick of the kernel's file clock that files just written carry: an input
     * changed in the tick a miss starts in is taken as changed during it, and not stored.
     */
    static void pastFileClockTick() {
        try {
            Thread.sleep(15);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static Path script(Path file, String body) throws IOException {
        write(file, "#!/bin/sh\n" + body + "\n");
        file.toFile().setExecutable(true);
        return file;
    }
}
