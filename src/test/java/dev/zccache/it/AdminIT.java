package dev.zccache.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Operating zccache (issue 4) through the real launcher, the real shell and real HTTP: journal,
 * sessions, explain, config, trim, Actuator. One daemon serves the class; each test works in its
 * own directory.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdminIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    static Path work;

    private Zccache zc;
    private int dirs;

    @BeforeAll
    void startDaemon() throws IOException {
        zc = new Zccache(work.resolve("cache"));
        // one setting from each source, for `zccache config`
        Zccache.write(work.resolve("cache/config/application.yml"), "zccache:\n  max-jobs: 3\n");
        zc.env.put("ZCCACHE_JOURNAL_MAX_BYTES", "4000000");
        zc.start();
    }

    @AfterAll
    void stopDaemon() {
        zc.close();
    }

    /** Sources old enough to be trusted: files younger than the racy window are never cached. */
    private Path project() throws IOException, InterruptedException {
        Path d = work.resolve("p" + (++dirs));
        Zccache.write(d.resolve("h.h"), "#define V 1\n");
        Zccache.write(d.resolve("a.c"), "#include \"h.h\"\nint a(void) { return V; }\n");
        Zccache.write(d.resolve("m.c"), "int main(void) { return 0; }\n");
        for (int i = 0; i < 6; i++) {
            Zccache.write(d.resolve("t" + i + ".c"), "int t" + i + "(void) { return " + i + "; }\n");
        }
        settle();
        return d;
    }

    private void compile(Path dir, Map<String, String> env, String... args) {
        List<String> argv = new ArrayList<>(List.of(args));
        Zccache.Result r = zc.run(dir, env, argv.toArray(String[]::new));
        assertThat(r.exit()).as(r.err()).isZero();
    }

    private String explain(Path dir, String file) {
        Zccache.Result r = zc.run(dir, "explain", file);
        assertThat(r.exit()).as(r.err()).isZero();
        return r.out();
    }

    /** Past the racy window, so that an edit right after a compile is seen as one. */
    private static void settle() throws InterruptedException {
        Thread.sleep(60);
    }

    @Test
    void explainNamesTheHeaderThatChanged() throws Exception {
        Path d = project();
        compile(d, Map.of(), "gcc", "-c", "a.c", "-o", "a.o");
        settle();
        // other tests' projects compiled the same a.o in their own directories
        assertThat(explain(d, "a.o")).contains("outcome:  miss").containsPattern("first compile|compiled before in /");
        Zccache.write(d.resolve("h.h"), "#define V 2\n");
        settle();
        compile(d, Map.of(), "gcc", "-c", "a.c", "-o", "a.o");
        String why = explain(d, "a.o");
        assertThat(why).contains("outcome:  miss").contains("header changed: " + d.resolve("h.h"));
        // by the source too, and as JSON with the journal's fields
        assertThat(explain(d, "a.c")).contains("header changed");
        JsonNode j = JSON.readTree(zc.run(d, "explain", "--json", "a.o").out());
        assertThat(j.path("miss_reason").asString()).isEqualTo("header-changed");
        compile(d, Map.of(), "gcc", "-c", "a.c", "-o", "a.o");
        assertThat(explain(d, "a.o")).contains("outcome:  hit");
    }

    @Test
    void explainNamesTheDefineThatChanged() throws Exception {
        Path d = project();
        compile(d, Map.of(), "gcc", "-DLEVEL=1", "-O2", "-c", "a.c", "-o", "a.o");
        compile(d, Map.of(), "gcc", "-DLEVEL=2", "-O2", "-c", "a.c", "-o", "a.o");
        String why = explain(d, "a.o");
        assertThat(why).contains("the arguments differ")
                .contains("argument removed: -DLEVEL=1\n            argument added: -DLEVEL=2\n");
        assertThat(why.substring(why.indexOf("why:"))).doesNotContain("-O2");
    }

    @Test
    void explainAndSessionsSurviveADaemonRestart() throws Exception {
        Path d = project();
        String id = JSON.readTree(zc.run(d, "session-start").out()).path("session_id").asString();
        compile(d, Map.of("ZCCACHE_SESSION_ID", id), "gcc", "-DSTAGE=1", "-c", "a.c", "-o", "r.o");
        Zccache.Result stop = zc.run(d, "stop");
        assertThat(stop.exit()).as(stop.err()).isZero();
        // the next compile starts a new daemon, which knows r.o's last compile from the journal
        // and the open session from sessions.json
        compile(d, Map.of("ZCCACHE_SESSION_ID", id), "gcc", "-DSTAGE=2", "-c", "a.c", "-o", "r.o");
        assertThat(explain(d, "r.o")).contains("argument removed: -DSTAGE=1").contains("argument added: -DSTAGE=2");
        Zccache.Result end = zc.run(d, "session-end", "--json", id);
        assertThat(end.exit()).as(end.err()).isZero();
        assertThat(JSON.readTree(end.out()).path("misses").asLong()).isEqualTo(2);
    }

    @Test
    void aSessionAndItsCountsSurviveADaemonKilledWithSigkill() throws Exception {
        Path d = project();
        String id = JSON.readTree(zc.run(d, "session-start").out()).path("session_id").asString();
        compile(d, Map.of("ZCCACHE_SESSION_ID", id), "gcc", "-DKILLED=1", "-c", "a.c", "-o", "k.o");
        Thread.sleep(1500); // counts are saved within a second
        long pid = zc.daemonPid().orElseThrow();
        new ProcessBuilder("kill", "-9", Long.toString(pid)).start().waitFor();
        Zccache.await("the daemon to die", java.time.Duration.ofSeconds(10), () -> !Zccache.alive(pid));
        compile(d, Map.of("ZCCACHE_SESSION_ID", id), "gcc", "-DKILLED=2", "-c", "a.c", "-o", "k.o");
        Zccache.Result end = zc.run(d, "session-end", "--json", id);
        assertThat(end.exit()).as(end.err()).isZero();
        assertThat(JSON.readTree(end.out()).path("misses").asLong()).isEqualTo(2);
    }

    @Test
    void explainNamesTheEnvironmentVariableThatChanged() throws Exception {
        Path d = project();
        Path inc = Files.createDirectories(d.resolve("inc"));
        compile(d, Map.of(), "gcc", "-c", "a.c", "-o", "a.o");
        compile(d, Map.of("CPATH", inc.toString()), "gcc", "-c", "a.c", "-o", "a.o");
        assertThat(explain(d, "a.o")).contains("environment variable")
                .contains("environment variable set: CPATH=" + inc);
    }

    @Test
    void explainNamesACompilerWhoseExecutableChanged() throws Exception {
        Path d = project();
        Path bin = Files.createDirectories(d.resolve("bin"));
        Path gcc = Zccache.script(bin.resolve("gcc"), "exec /usr/bin/gcc \"$@\"");
        compile(d, Map.of(), gcc.toString(), "-c", "a.c", "-o", "a.o");
        settle();
        Zccache.script(gcc, "# upgraded in place\nexec /usr/bin/gcc \"$@\"");
        settle();
        compile(d, Map.of(), gcc.toString(), "-c", "a.c", "-o", "a.o");
        assertThat(explain(d, "a.o")).contains("the compiler changed")
                .contains("compiler executable changed: " + gcc);
    }

    @Test
    void explainGivesTheReasonACallIsNotCached() throws Exception {
        Path d = project();
        compile(d, Map.of(), "gcc", "m.c", "-o", "m");
        assertThat(explain(d, "m")).contains("outcome:  uncacheable").contains("not cacheable (link)");
        Zccache.Result none = zc.run(d, "explain", "never-built.o");
        assertThat(none.exit()).isEqualTo(1);
        assertThat(none.err() + none.out()).contains("no compile of");
    }

    @Test
    void journalHasOneLineOfDocumentedFieldsPerRequestAndNoSecrets() throws Exception {
        Path d = project();
        Map<String, String> env = Map.of("LANG", "C", "AWS_SECRET_ACCESS_KEY", "hunter2");
        compile(d, env, "gcc", "-c", "a.c", "-o", "j.o");
        compile(d, env, "gcc", "-c", "a.c", "-o", "j.o");
        Zccache.Result tail = zc.run(d, "journal", "--json", "--file", "j.o");
        assertThat(tail.exit()).as(tail.err()).isZero();
        List<JsonNode> lines = tail.out().lines().map(JSON::readTree).toList();
        assertThat(lines).hasSize(2);
        for (String field : List.of("ts", "outcome", "miss_reason", "compiler", "args", "cwd", "exit_code",
                "latency_ns", "session_id", "env")) {
            assertThat(lines.get(0).has(field)).as(field).isTrue();
        }
        assertThat(lines.get(0).path("outcome").asString()).isEqualTo("miss");
        assertThat(lines.get(1).path("outcome").asString()).isEqualTo("hit");
        assertThat(lines.get(1).path("exit_code").asInt()).isZero();
        assertThat(lines.get(1).path("latency_ns").asLong()).isPositive();
        assertThat(lines.get(1).path("env").path("LANG").asString()).isEqualTo("C");
        String file = Files.readString(zc.cacheDir.resolve("logs/compile_journal.jsonl"));
        assertThat(file).contains(d.resolve("j.o").toString()).doesNotContain("hunter2")
                .doesNotContain("AWS_SECRET_ACCESS_KEY");
        assertThat(zc.run(d, "journal", "-n", "1", "--outcome", "hit").out()).contains("j.o").contains("hit");
        // requests leave the journal a line each, and the daemon's own log nothing
        assertThat(Files.readString(zc.cacheDir.resolve("logs/daemon.log"))).doesNotContain("No publisher");
    }

    @Test
    void sessionCountsOnlyItsOwnCompilesAndWritesItsJournal() throws Exception {
        Path d = project();
        Zccache.Result started = zc.run(d, "session-start", "--journal", "build.jsonl");
        assertThat(started.exit()).as(started.err()).isZero();
        String id = JSON.readTree(started.out()).path("session_id").asString();
        Map<String, String> inSession = Map.of("ZCCACHE_SESSION_ID", id);
        compile(d, inSession, "gcc", "-c", "a.c", "-o", "s.o");
        compile(d, inSession, "gcc", "-c", "a.c", "-o", "s.o");
        compile(d, inSession, "gcc", "a.c", "-o", "s.so", "-shared", "-fPIC");
        compile(d, Map.of(), "gcc", "-c", "a.c", "-o", "other.o");
        JsonNode so = JSON.readTree(zc.run(d, "session-stats", "--json", id).out());
        assertThat(so.path("hits").asLong()).isEqualTo(1);
        assertThat(so.path("misses").asLong()).isEqualTo(1);
        assertThat(so.path("uncacheable").asLong()).isEqualTo(1);
        assertThat(so.path("errors").asLong()).isZero();
        assertThat(so.has("time_saved_ms")).isTrue();
        assertThat(zc.run(d, "sessions").out()).contains(id);
        Zccache.Result end = zc.run(d, "session-end", id, "--json");
        assertThat(end.exit()).isZero();
        assertThat(JSON.readTree(end.out()).path("ended").isNull()).isFalse();
        List<String> journal = Files.readAllLines(d.resolve("build.jsonl"));
        assertThat(journal).hasSize(3).allSatisfy(l -> assertThat(JSON.readTree(l).path("session_id").asString())
                .isEqualTo(id));
        assertThat(zc.run(d, "session-stats", id).exit()).isEqualTo(1);
    }

    @Test
    void configShowsEachSettingAndWhereItCameFrom() throws Exception {
        Zccache.Result r = zc.run(work, "config", "--json");
        assertThat(r.exit()).as(r.err()).isZero();
        Map<String, JsonNode> byName = new java.util.HashMap<>();
        JSON.readTree(r.out()).path("settings").forEach(s -> byName.put(s.path("name").asString(), s));
        assertThat(byName.get("zccache.max-jobs").path("value").asString()).isEqualTo("3");
        assertThat(byName.get("zccache.max-jobs").path("source").asString()).startsWith("config file")
                .contains("application.yml");
        assertThat(byName.get("zccache.journal-max-bytes").path("source").asString())
                .isEqualTo("environment (ZCCACHE_JOURNAL_MAX_BYTES)");
        assertThat(byName.get("zccache.idle-timeout-secs").path("source").asString())
                .isEqualTo("environment (ZCCACHE_IDLE_TIMEOUT_SECS)");
        assertThat(byName.get("zccache.request-timeout").path("source").asString()).startsWith("default");
        assertThat(byName.get("zccache.cache-dir").path("value").asString()).isEqualTo(zc.cacheDir.toString());
        assertThat(zc.run(work, "config").out()).contains("zccache.max-jobs").contains("config file");
    }

    @Test
    void shellAnswersLikeTheOneShotCommands() throws Exception {
        Path d = project();
        compile(d, Map.of(), "gcc", "-c", "a.c", "-o", "sh.o");
        Zccache.Result oneShot = zc.run(d, "shell", "explain", "sh.o");
        assertThat(oneShot.exit()).as(oneShot.err()).isZero();
        assertThat(oneShot.out()).contains(explain(d, "sh.o").lines().findFirst().orElseThrow());
        assertThat(zc.run(d, "shell", "explain", "nope.o").exit()).isEqualTo(1);
        // interactive, with commands on stdin: help, a command, history, quit
        Path input = Zccache.write(d.resolve("input.txt"), "help\nstats\njournal -n 1\nquit\n");
        List<String> cmd = List.of("sh", "-c", "exec " + Zccache.LAUNCHER + " shell < " + input);
        Zccache.Result session = Zccache.exec(d, zc.env, cmd);
        assertThat(session.exit()).as(session.err()).isZero();
        assertThat(session.out()).contains("zccache> ").contains("explain").contains("session-start")
                .contains("hit rate").contains("sh.o");
    }

    @Test
    void everyCommandWorksThroughTheShell() throws Exception {
        try (Zccache own = new Zccache(work.resolve("cache3"))) {
            Path d = project();
            assertThat(own.run(d, "gcc", "-c", "a.c", "-o", "e.o").exit()).isZero();
            Path input = Zccache.write(d.resolve("all.txt"), String.join("\n",
                    "status --json", "stats", "config", "explain e.o", "journal -n 5", "session-start",
                    "sessions", "trim 1G", "clear", "stats --json", "stop", "quit") + "\n");
            Zccache.Result r = Zccache.exec(d, own.env, List.of("sh", "-c", "exec " + Zccache.LAUNCHER + " shell < "
                    + input));
            assertThat(r.exit()).as(r.err()).isZero();
            assertThat(r.out()).contains("\"actuator_url\"")           // status --json
                    .contains("hit rate")                              // stats
                    .contains("zccache.cache-size-bytes")              // config
                    .contains("outcome:  miss")                        // explain e.o
                    .contains(d.resolve("e.o").toString())             // journal
                    .contains("\"session_id\"")                       // session-start, sessions
                    .contains("trimmed")                               // trim
                    .contains("cache cleared")                         // clear
                    .contains("\"entries\":0")                         // stats --json after clear
                    .contains("zccache daemon stopping");              // stop
            Zccache.await("the daemon to stop", Duration.ofSeconds(20), () -> !own.running());
        }
    }

    @Test
    void actuatorServesHealthInfoMetricsAndPrometheusOnLoopbackOnly() throws Exception {
        Path d = project();
        compile(d, Map.of(), "gcc", "-c", "a.c", "-o", "m.o");
        compile(d, Map.of(), "gcc", "-c", "a.c", "-o", "m.o");
        Zccache.await("actuator", Duration.ofSeconds(20), () -> !zc.status().path("actuator_url").isNull());
        URI base = URI.create(zc.status().path("actuator_url").asString());
        assertThat(base.getHost()).isEqualTo("127.0.0.1");
        HttpClient http = HttpClient.newHttpClient();
        String token = ownersToken(zc);
        JsonNode health = JSON.readTree(get(http, base + "/health", 200, token));
        assertThat(health.path("status").asString()).isEqualTo("UP");
        for (String c : List.of("socketListener", "store", "diskSpace")) {
            assertThat(health.path("components").path(c).path("status").asString()).as(c).isEqualTo("UP");
        }
        JsonNode info = JSON.readTree(get(http, base + "/info", 200, token));
        assertThat(info.path("zccache").path("cache_dir").asString()).isEqualTo(zc.cacheDir.toString());
        assertThat(info.path("zccache").path("protocol").asInt()).isPositive();
        JsonNode hits = JSON.readTree(get(http, base + "/metrics/zccache.requests?tag=outcome:hit", 200, token));
        assertThat(hits.path("measurements").get(0).path("value").asDouble()).isGreaterThanOrEqualTo(1);
        JsonNode names = JSON.readTree(get(http, base + "/metrics", 200, token));
        assertThat(names.path("names").toString()).contains("zccache.request.latency").contains("zccache.store.entries")
                .contains("zccache.store.bytes");
        String prom = get(http, base + "/prometheus", 200, token);
        assertThat(prom).contains("zccache_requests_total{outcome=\"hit\"}").contains("zccache_store_bytes");
        get(http, base + "/nothing", 404, token);
        int port = base.getPort();
        for (InetAddress a : nonLoopbackAddresses()) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(a, port), 1000);
                throw new AssertionError("Actuator answers on " + a + ":" + port);
            } catch (ConnectException refused) {
                // expected: bound to 127.0.0.1 only
            }
        }
    }

    /** The token file status names: the owner's alone (0600), in the cache dir. */
    private static String ownersToken(Zccache z) throws IOException {
        Path file = Path.of(z.status().path("actuator_token_file").asString());
        assertThat(file.getParent()).isEqualTo(z.cacheDir);
        assertThat(java.nio.file.Files.getPosixFilePermissions(file))
                .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        return java.nio.file.Files.readString(file).trim();
    }

    @Test
    void withoutTheTokenActuatorSaysOnlyWhetherItIsUp() throws Exception {
        Zccache.await("actuator", Duration.ofSeconds(20), () -> !zc.status().path("actuator_url").isNull());
        String base = zc.status().path("actuator_url").asString();
        HttpClient http = HttpClient.newHttpClient();
        JsonNode health = JSON.readTree(get(http, base + "/health", 200, null));
        assertThat(health.path("status").asString()).isEqualTo("UP");
        assertThat(health.has("components")).as(health.toString()).isFalse();
        for (String path : List.of("/health/store", "/info", "/metrics", "/prometheus", "")) {
            get(http, base + path, 401, null);
        }
        get(http, base + "/info", 401, "not-the-token");
        assertThat(get(http, base + "/health", 200, ownersToken(zc))).contains("components");
    }

    @Test
    void aStalledActuatorClientIsClosedAndOthersAreServedMeanwhile() throws Exception {
        try (Zccache other = new Zccache(work.resolve("cache3"))) {
            other.env.put("ZCCACHE_ACTUATOR_REQUEST_TIMEOUT", "1s");
            other.env.put("MANAGEMENT_ENDPOINTS_WEB_EXPOSURE_EXCLUDE", "prometheus");
            other.run(project(), "start");
            Zccache.await("actuator", Duration.ofSeconds(20), () -> !other.status().path("actuator_url").isNull());
            URI base = URI.create(other.status().path("actuator_url").asString());
            String token = ownersToken(other);
            HttpClient http = HttpClient.newHttpClient();
            try (Socket slow = new Socket("127.0.0.1", base.getPort())) {
                slow.getOutputStream().write("GET /actuator/health HTTP/1.1\r\nHost: x\r\n".getBytes());
                slow.getOutputStream().flush();
                // served while the slow client holds a connection
                get(http, base + "/health", 200, token);
                slow.setSoTimeout(15_000);
                long start = System.nanoTime();
                int read = slow.getInputStream().read();
                assertThat(read).as("the server closes a request that never ends").isEqualTo(-1);
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
            }
            // switched off by the management properties: not served, not linked
            get(http, base + "/prometheus", 404, token);
            assertThat(get(http, base.toString(), 200, token)).doesNotContain("prometheus").contains("metrics");
        }
    }

    @Test
    void trimAndActuatorSwitchedOff() throws Exception {
        try (Zccache other = new Zccache(work.resolve("cache2"))) {
            other.env.put("ZCCACHE_ACTUATOR_ENABLED", "false");
            Path d = project();
            for (int i = 0; i < 6; i++) {
                Zccache.Result r = other.run(d, "gcc", "-c", "t" + i + ".c", "-o", "t" + i + ".o");
                assertThat(r.exit()).as(r.err()).isZero();
            }
            JsonNode before = JSON.readTree(other.run(d, "stats", "--json").out());
            assertThat(before.path("entries").asLong()).isEqualTo(6);
            Zccache.Result trim = other.run(d, "trim", "2K");
            assertThat(trim.exit()).as(trim.err()).isZero();
            assertThat(trim.out()).contains("trimmed");
            JsonNode after = JSON.readTree(other.run(d, "stats", "--json").out());
            assertThat(after.path("size_bytes").asLong()).isLessThanOrEqualTo(2048);
            assertThat(after.path("budget_bytes").asLong()).isEqualTo(before.path("budget_bytes").asLong());
            assertThat(other.run(d, "trim", "a-lot").exit()).isEqualTo(2);
            assertThat(other.status().path("actuator_url").isNull()).isTrue();
        }
    }

    private static String get(HttpClient http, String url, int expected, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(url + ": " + r.body()).isEqualTo(expected);
        return r.body();
    }

    private static List<InetAddress> nonLoopbackAddresses() throws IOException {
        List<InetAddress> out = new ArrayList<>();
        for (NetworkInterface n : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            for (InetAddress a : Collections.list(n.getInetAddresses())) {
                if (!a.isLoopbackAddress() && a instanceof Inet4Address) {
                    out.add(a);
                }
            }
        }
        return out;
    }
}
