package dev.zccache.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The shared cache with real servers: two cache dirs on one remote are two machines. Every build
 * must exit 0 with objects equal to the bare build's, whatever the remote does.
 */
class RemoteIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int SOURCES = 12;

    @TempDir
    Path root;

    private GeneratedProject project;
    private CompilerSpy gcc;
    private List<byte[]> refs;
    private String cc;

    @BeforeEach
    void project() throws IOException {
        project = GeneratedProject.create(root.resolve("project"), SOURCES);
        gcc = CompilerSpy.create(Files.createDirectories(root.resolve("bin")), "gcc", "/usr/bin/gcc");
        cc = Zccache.LAUNCHER + " " + gcc.path;
    }

    private Zccache machine(String name, String remote) throws IOException {
        Zccache zc = new Zccache(root.resolve(name));
        zc.env.put("ZCCACHE_REMOTE", remote);
        if (refs == null) {
            refs = project.reference(zc);
        }
        return zc;
    }

    private static JsonNode remoteStats(Zccache zc) {
        Zccache.Result r = zc.run(zc.cacheDir.getParent(), "stats", "--json");
        assertThat(r.exit()).as(r.err()).isZero();
        return JSON.readTree(r.out()).path("remote");
    }

    private static void awaitWrites(Zccache zc, int n) {
        try {
            Zccache.await(n + " entries written to the remote", Duration.ofSeconds(30),
                    () -> remoteStats(zc).path("writes").asLong() >= n);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; remote: " + remoteStats(zc), e);
        }
    }

    /** Machine A builds cold and writes; machine B (empty cache dir) builds from the remote alone. */
    private void shareThrough(String remote) throws IOException {
        try (Zccache a = machine("machine-a", remote)) {
            project.buildRight(a, cc, 4, refs, "machine A, cold");
            assertThat(gcc.calls()).isEqualTo(SOURCES);
            awaitWrites(a, SOURCES);
        }
        try (Zccache b = machine("machine-b", remote)) {
            b.startConnectedToRemote();
            project.buildRight(b, cc, 4, refs, "machine B, from the remote");
            assertThat(gcc.calls()).as("machine B compiled nothing").isEqualTo(SOURCES);
            JsonNode s = remoteStats(b);
            assertThat(s.path("hits").asLong()).isEqualTo(SOURCES);
            assertThat(s.path("rejected").asLong()).isZero();
            // fetched entries are stored locally in the background
            Zccache.await("fetched entries stored", Duration.ofSeconds(20), () -> JSON.readTree(
                    b.run(root, "stats", "--json").out()).path("entries").asLong() >= SOURCES);
            project.buildRight(b, cc, 4, refs, "machine B, local hits now");
            assertThat(remoteStats(b).path("hits").asLong()).isEqualTo(SOURCES);
        }
    }

    @Test
    void aSecondMachineBuildsFromTheTeamsRedisAndThePasswordIsNeverShown() throws Exception {
        String password = "pw-" + System.nanoTime();
        try (LoopbackServers.Redis redis = new LoopbackServers.Redis(root.resolve("redis"), password)) {
            shareThrough("redis://:" + password + "@127.0.0.1:" + redis.port + "/0");
            assertThat(redis.keys("zccache:*")).hasSizeGreaterThanOrEqualTo(2 * SOURCES);
            String ttl = redis.cli("TTL", redis.keys("zccache:m:*").get(0)).strip();
            assertThat(Long.parseLong(ttl)).isPositive();
            try (Zccache b = machine("machine-b", "redis://:" + password + "@127.0.0.1:" + redis.port + "/0")) {
                for (String[] cmd : List.of(new String[] {"config"}, new String[] {"config", "--json"},
                        new String[] {"stats"}, new String[] {"stats", "--json"}, new String[] {"journal"})) {
                    Zccache.Result r = b.run(root, cmd);
                    assertThat(r.exit()).as(String.join(" ", cmd) + ": " + r.err()).isZero();
                    assertThat(r.out() + r.err()).as(String.join(" ", cmd)).doesNotContain(password);
                }
                assertThat(b.run(root, "config").out()).contains("redis://***@127.0.0.1:" + redis.port);
            }
            for (String machine : List.of("machine-a", "machine-b")) {
                try (Stream<Path> files = Files.walk(root.resolve(machine))) {
                    for (Path f : files.filter(Files::isRegularFile).toList()) {
                        if (!f.toString().contains("/store/")) {
                            assertThat(Files.readString(f, java.nio.charset.StandardCharsets.ISO_8859_1))
                                    .as(f.toString()).doesNotContain(password);
                        }
                    }
                }
            }
        }
    }

    @Test
    void aRedisClusterIsShared() throws Exception {
        try (LoopbackServers.RedisCluster cluster = new LoopbackServers.RedisCluster(root.resolve("cluster"))) {
            shareThrough(cluster.url());
            assertThat(cluster.keys()).isGreaterThanOrEqualTo(2L * SOURCES);
            // keys spread over the nodes
            assertThat(cluster.nodes.stream().filter(n -> !n.cli("DBSIZE").strip().equals("0")).count())
                    .isGreaterThan(1);
        }
    }

    @Test
    void anNginxWebDavLocationIsSharedWithBlobsUnderTheirSha256() throws Exception {
        try (LoopbackServers.Nginx nginx = new LoopbackServers.Nginx(root.resolve("nginx"))) {
            shareThrough(nginx.url());
            try (Stream<Path> cas = Files.list(nginx.root.resolve("cas"))) {
                List<Path> blobs = cas.toList();
                assertThat(blobs).hasSizeGreaterThanOrEqualTo(SOURCES);
                for (Path blob : blobs) {
                    String digest = HexFormat.of().formatHex(
                            MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(blob)));
                    assertThat(blob.getFileName().toString()).isEqualTo(digest);
                }
            }
            try (Stream<Path> ac = Files.list(nginx.root.resolve("ac"))) {
                assertThat(ac.count()).isEqualTo(SOURCES); // a manifest (with its result) each
            }
        }
    }

    @Test
    void corruptValuesAreMissesNeverOutputsAndAreReplaced() throws Exception {
        try (LoopbackServers.Redis redis = new LoopbackServers.Redis(root.resolve("redis"))) {
            try (Zccache a = machine("machine-a", redis.url())) {
                project.buildRight(a, cc, 4, refs, "machine A, cold");
                awaitWrites(a, SOURCES);
            }
            List<String> blobs = redis.keys("zccache:b:*");
            List<String> manifests = redis.keys("zccache:m:*");
            for (int i = 0; i < blobs.size(); i++) {
                String key = blobs.get(i);
                if (i % 2 == 0) {
                    redis.cli("SET", key, "not the object it claims to be");
                } else {
                    redis.cli("SETRANGE", key, "90", "flipped"); // inside the payload
                }
            }
            redis.cli("SETRANGE", manifests.get(0), "40", "garbage");
            try (Zccache b = machine("machine-b", redis.url())) {
                b.startConnectedToRemote();
                project.buildRight(b, cc, 4, refs, "machine B, damaged remote");
                assertThat(gcc.calls()).as("every damaged entry compiled again").isEqualTo(2 * SOURCES);
                JsonNode s = remoteStats(b);
                assertThat(s.path("hits").asLong()).isZero();
                assertThat(s.path("rejected").asLong()).isGreaterThanOrEqualTo(SOURCES);
                awaitWrites(b, SOURCES);
            }
            try (Zccache c = machine("machine-c", redis.url())) {
                c.startConnectedToRemote();
                project.buildRight(c, cc, 4, refs, "machine C, after the remote was rewritten");
                assertThat(remoteStats(c).path("hits").asLong()).isEqualTo(SOURCES);
                assertThat(gcc.calls()).isEqualTo(2 * SOURCES);
            }
        }
    }

    @Test
    void readOnlyWritesNothing() throws Exception {
        try (LoopbackServers.Redis redis = new LoopbackServers.Redis(root.resolve("redis"));
                Zccache a = machine("machine-a", redis.url())) {
            a.env.put("ZCCACHE_REMOTE_READ_ONLY", "true");
            project.buildRight(a, cc, 4, refs, "read-only machine");
            assertThat(remoteStats(a).path("read_only").asBoolean()).isTrue();
            assertThat(remoteStats(a).path("misses").asLong()).isEqualTo(SOURCES);
            Thread.sleep(500);
            assertThat(redis.cli("DBSIZE").strip()).isEqualTo("0");
        }
    }

    @Test
    void redisKilledMidBuildFailsNoBuildAndLaterCompilesMissCleanly() throws Exception {
        try (LoopbackServers.Redis redis = new LoopbackServers.Redis(root.resolve("redis"));
                Zccache a = machine("machine-a", redis.url())) {
            CompletableFuture<Zccache.Result> build = CompletableFuture.supplyAsync(() -> project.build(a, cc, 2));
            Zccache.await("a few compiles", Duration.ofSeconds(60), () -> {
                try {
                    return gcc.calls() >= 3 || build.isDone();
                } catch (IOException e) {
                    return false;
                }
            });
            redis.kill();
            Zccache.Result r = build.join();
            assertThat(r.exit()).as(r.err()).isZero();
            for (int i = 0; i < SOURCES; i++) {
                assertThat(project.object(i)).hasBinaryContent(refs.get(i));
            }
            GeneratedProject.header(project.dir, "changed");
            project.buildRight(a, cc, 2, refs, "after Redis died");
            JsonNode s = remoteStats(a);
            assertThat(s.path("errors").asLong() + s.path("skipped").asLong() + s.path("writes_dropped").asLong())
                    .isPositive();
            assertThat(s.path("status").asString()).isIn("DOWN", "OUT_OF_SERVICE");
        }
    }

    @Test
    void aRedisThatComesUpAfterTheDaemonIsUsedOnceItIsThere() throws Exception {
        int port = LoopbackServers.freePort();
        try (Zccache a = machine("machine-a", "redis://127.0.0.1:" + port)) {
            a.start(); // as a CI job would, before its Redis service is up
            project.buildRight(a, cc, 2, refs, "no Redis yet");
            assertThat(remoteStats(a).path("errors").asLong()).isPositive();
            try (LoopbackServers.Redis redis = new LoopbackServers.Redis(root.resolve("redis"), port, null)) {
                Thread.sleep(1_200); // the breaker of a remote never reached opens for a second
                GeneratedProject.header(project.dir, "now with Redis");
                Zccache.pastFileClockTick();
                project.buildRight(a, cc, 2, refs, "Redis up");
                awaitWrites(a, SOURCES);
                assertThat(redis.keys("zccache:m:*")).hasSize(SOURCES);
            }
        }
    }

    @Test
    void aBlackHoledRemoteCostsATimeoutNotABuildAndTheDaemonStaysUp() throws Exception {
        for (String scheme : List.of("redis", "http")) {
            try (LoopbackServers.BlackHole hole = new LoopbackServers.BlackHole();
                    Zccache a = machine("machine-" + scheme, scheme + "://127.0.0.1:" + hole.port() + (scheme.equals("http") ? "/x" : ""))) {
                a.env.put("ZCCACHE_REMOTE_BREAKER_OPEN", "10m");
                project.buildRight(a, cc, 4, refs, scheme + " black hole");
                JsonNode s = remoteStats(a);
                // HTTP: the first read times out and opens the breaker; Redis: one read waits
                // for the connection, the others skip it until connecting fails
                assertThat(s.path("timeouts").asLong()).as(s.toString()).isLessThanOrEqualTo(4L);
                assertThat(s.path("skipped").asLong()).as(s.toString()).isPositive();
                Zccache.await("the breaker open", Duration.ofSeconds(30),
                        () -> remoteStats(a).path("status").asString().equals("OUT_OF_SERVICE"));
                JsonNode health = JSON.readTree(a.actuator("/health"));
                assertThat(health.path("status").asString()).as(health.toString()).isEqualTo("UP");
                assertThat(health.path("components").path("remote").path("status").asString())
                        .isEqualTo("OUT_OF_SERVICE");
                assertThat(a.actuator("/prometheus")).contains("zccache_remote_timeouts");
            }
        }
    }
}
