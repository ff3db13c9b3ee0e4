package dev.zccache.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;

import dev.zccache.daemon.DaemonLifecycle;
import dev.zccache.daemon.ZccacheProperties;
import dev.zccache.journal.CompileEvent;
import dev.zccache.journal.CompileJournal;
import dev.zccache.journal.LatestCompiles;
import dev.zccache.protocol.Reply;
import dev.zccache.session.Sessions;
import dev.zccache.outcome.CompileOutcome;
import dev.zccache.outcome.Reason;
import dev.zccache.stats.CompileStats;
import dev.zccache.store.LocalStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.core.env.StandardEnvironment;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class AdminCommandsTest {

    @TempDir
    Path cache;

    private final JsonMapper json = JsonMapper.builder().build();
    private final DaemonLifecycle lifecycle = mock(DaemonLifecycle.class);
    private CompileStats stats;
    private LocalStore store;
    private CompileJournal journal;
    private LatestCompiles latest;
    private Sessions sessions;
    private AdminCommands admin;

    @BeforeEach
    void setUp() throws Exception {
        stats = new CompileStats(cache.resolve("stats.json"), json);
        store = new LocalStore(cache, 1 << 20, json, Runnable::run);
        journal = new CompileJournal(cache.resolve("logs/compile_journal.jsonl"), 1 << 20, json);
        latest = new LatestCompiles(journal);
        sessions = new Sessions(Clock.systemUTC(), null, json);
        ZccacheProperties props = TestProperties.of(cache);
        admin = new AdminCommands(new StatsService(stats, store, json, dev.zccache.store.remote.RemoteTier.none()), mock(StatusService.class),
                new StoreService(store, json), new ConfigService(props, new StandardEnvironment(), json),
                new SessionService(sessions, json), new JournalService(journal, json), new ExplainService(latest, json),
                lifecycle);
    }

    @AfterEach
    void tearDown() {
        stats.close();
        journal.close();
    }

    private Reply.Result run(String... args) {
        return (Reply.Result) admin.handle(List.of(args), cache.toString());
    }

    private void compiled(String output, CompileOutcome outcome, String session) {
        stats.count(outcome);
        CompileEvent e = new CompileEvent("2026-11-26T10:00:00Z", outcome.kind().id(),
                outcome.kind() == CompileOutcome.Kind.HIT ? null : outcome.reasonId(), outcome.detail(), "/usr/bin/gcc",
                List.of("-c", "x.c", "-o", output), cache.toString(), cache.resolve("x.c").toString(),
                cache.resolve(output).toString(), 0, 1000, session, outcome.contextKey(), Map.of());
        latest.record(e);
        journal.append(e, Optional.empty());
    }

    @Test
    void everyListedCommandIsAnsweredAndNoOther() {
        for (String name : AdminCommands.NAMES) {
            assertThat(run(name, "--no-such-option").text()).as(name).doesNotContain("unknown command");
        }
        assertThat(run("no-such-command").text()).contains("unknown command");
    }

    @Test
    void linksAndArchivesAreCountedOnTheirOwnLines() {
        stats.count(CompileOutcome.hit(40, "k"), "compile");
        stats.count(CompileOutcome.hit(10, "k"), "link");
        stats.count(CompileOutcome.miss(Reason.NEW, "", "k"), "link");
        stats.count(CompileOutcome.hit(1, "k"), "archive");
        JsonNode s = json.readTree(run("stats", "--json").text());
        assertThat(s.path("steps").path("link").path("hits").asLong()).isEqualTo(1);
        assertThat(s.path("steps").path("link").path("misses").asLong()).isEqualTo(1);
        assertThat(s.path("steps").path("archive").path("hits").asLong()).isEqualTo(1);
        assertThat(s.path("hits").asLong()).isEqualTo(3);
        assertThat(run("stats").text()).contains("  links").contains("1 hits, 1 misses").contains("  archives")
                .contains("  compiles");
    }

    @Test
    void statsJsonHasTheDocumentedFields() {
        stats.count(CompileOutcome.hit(40, "k"));
        stats.count(CompileOutcome.miss(Reason.NEW, "", "k"));
        stats.count(CompileOutcome.uncacheable(Reason.LINK, "no -c"));
        Reply.Result r = run("stats", "--json");
        assertThat(r.code()).isZero();
        JsonNode s = json.readTree(r.text());
        assertThat(s.path("hits").asLong()).isEqualTo(1);
        assertThat(s.path("misses").asLong()).isEqualTo(1);
        assertThat(s.path("hit_rate").asDouble()).isEqualTo(0.5);
        assertThat(s.path("uncacheable").asLong()).isEqualTo(1);
        assertThat(s.path("uncacheable_reasons").path("link").asLong()).isEqualTo(1);
        assertThat(s.path("time_saved_ms").asLong()).isEqualTo(40);
        for (String field : List.of("errors", "entries", "size_bytes", "budget_bytes", "evictions", "steps")) {
            assertThat(s.has(field)).as(field).isTrue();
        }
        assertThat(s.path("budget_bytes").asLong()).isEqualTo(1 << 20);
    }

    @Test
    void statsTextIsAnAlignedTable() {
        stats.count(CompileOutcome.uncacheable(Reason.PREPROCESS_ONLY, "-E"));
        String text = run("stats").text();
        assertThat(text).contains("hit rate").contains("  preprocess-only").contains("of 1.0 MiB").contains("time saved");
        assertThat(text.lines().map(String::length).distinct()).hasSize(1);
    }

    @Test
    void zeroAndClear() throws Exception {
        stats.count(CompileOutcome.hit(1, "k"));
        assertThat(run("stats", "--zero").code()).isZero();
        assertThat(stats.snapshot().hits()).isZero();
        store.putBlob("x".getBytes());
        assertThat(run("clear").code()).isZero();
        assertThat(store.sizeBytes()).isZero();
    }

    @Test
    void trimEvictsDownToTheSizeGiven() throws Exception {
        for (int i = 0; i < 20; i++) {
            store.putBlob(("blob " + i + " ".repeat(1000)).getBytes());
        }
        assertThat(store.sizeBytes()).isGreaterThan(20_000);
        Reply.Result r = run("trim", "5K");
        assertThat(r.code()).as(r.text()).isZero();
        assertThat(store.sizeBytes()).isLessThanOrEqualTo(5 * 1024);
        assertThat(store.budgetBytes()).isEqualTo(1 << 20);
        assertThat(run("trim", "lots").code()).isEqualTo(2);
        assertThat(run("trim").code()).isEqualTo(2);
    }

    @Test
    void verifySaysWhetherTheStoreIsSound_ExitingOneUntilRepaired() throws Exception {
        String blob = store.putBlob("object".getBytes());
        Reply.Result sound = run("verify");
        assertThat(sound.code()).as(sound.text()).isZero();
        assertThat(sound.text()).contains("checked 1 blobs, 0 results, 0 manifests").contains("the store is sound");
        java.nio.file.Path file = cache.resolve("store/blobs/" + blob.substring(0, 2) + "/" + blob.substring(2));
        java.nio.file.Files.delete(file);
        Reply.Result damaged = run("verify", "--json");
        assertThat(damaged.code()).isEqualTo(1);
        assertThat(damaged.text()).contains("\"shard whose size the index miscounts\":1").contains("\"sound\":false");
        Reply.Result repaired = run("verify", "--repair");
        assertThat(repaired.code()).as(repaired.text()).isZero();
        assertThat(repaired.text()).contains("repaired");
        assertThat(run("verify").code()).isZero();
        assertThat(run("verify", "--fix").code()).isEqualTo(2);
    }

    @Test
    void sizesAreReadAsPeopleWriteThem() {
        assertThat(StoreService.parseSize("1048576")).isEqualTo(1 << 20);
        assertThat(StoreService.parseSize("2G")).isEqualTo(2L << 30);
        assertThat(StoreService.parseSize("500MiB")).isEqualTo(500L << 20);
        assertThat(StoreService.parseSize("1.5k")).isEqualTo(1536);
        assertThat(StoreService.parseSize("10MB")).isEqualTo(10L << 20);
    }

    @Test
    void sessionCountsOnlyItsCompilesAndEnds() {
        Reply.Result started = run("session-start", "--journal", "build.jsonl");
        assertThat(started.code()).isZero();
        JsonNode s = json.readTree(started.text());
        String id = s.path("session_id").asString();
        assertThat(id).matches("[0-9a-f]{16}");
        assertThat(s.path("journal").asString()).isEqualTo(cache.resolve("build.jsonl").toString());
        sessions.get(id).orElseThrow().count(CompileOutcome.hit(30, "k"));
        sessions.get(id).orElseThrow().count(CompileOutcome.miss(Reason.NEW, "", "k"));
        JsonNode report = json.readTree(run("session-stats", id, "--json").text());
        assertThat(report.path("hits").asLong()).isEqualTo(1);
        assertThat(report.path("misses").asLong()).isEqualTo(1);
        assertThat(report.path("time_saved_ms").asLong()).isEqualTo(30);
        assertThat(report.path("ended").isNull()).isTrue();
        assertThat(run("sessions").text()).contains(id);
        JsonNode end = json.readTree(run("session-end", "--json", id).text());
        assertThat(end.path("ended").isNull()).isFalse();
        assertThat(run("session-end", id).code()).isEqualTo(1);
        assertThat(run("session-stats").code()).isEqualTo(2);
    }

    @Test
    void journalTailsAndFilters() {
        compiled("a.o", CompileOutcome.hit(1, "k"), null);
        compiled("b.o", CompileOutcome.miss(Reason.HEADER_CHANGED, "header changed: /x/h.h", "k"), null);
        compiled("c.o", CompileOutcome.uncacheable(Reason.COMPILE_FAILED, "exit 1"), null);
        String all = run("journal").text();
        assertThat(all.lines()).hasSize(3);
        assertThat(all.lines().toList().get(0)).contains("a.o").contains("hit");
        assertThat(run("journal", "-n", "1").text().lines()).singleElement().asString().contains("c.o");
        assertThat(run("journal", "--outcome", "miss").text()).contains("b.o").contains("header-changed")
                .doesNotContain("a.o");
        assertThat(run("journal", "--file", "a.o").text().lines()).singleElement().asString().contains("a.o");
        JsonNode line = json.readTree(run("journal", "--json", "-n", "1").text());
        assertThat(line.path("outcome").asString()).isEqualTo("uncacheable");
        assertThat(run("journal", "--outcome", "maybe").code()).isEqualTo(2);
    }

    @Test
    void explainNamesWhatChangedForAnOutputOrItsSource() {
        compiled("b.o", CompileOutcome.miss(Reason.HEADER_CHANGED, "header changed: /x/zutil.h", "k"), null);
        Reply.Result r = run("explain", "b.o");
        assertThat(r.code()).isZero();
        assertThat(r.text()).contains("outcome:  miss").contains("header changed: /x/zutil.h");
        assertThat(run("explain", "x.c").text()).contains("b.o");
        assertThat(run("explain", "nothing.o").code()).isEqualTo(1);
    }

    @Test
    void configListsEverySettingWithItsSource() {
        String text = run("config").text();
        assertThat(text).contains("zccache.cache-size-bytes").contains("zccache.max-jobs")
                .contains("zccache.journal-max-bytes").contains("zccache.actuator-port").contains("default");
        JsonNode j = json.readTree(run("config", "--json").text());
        assertThat(j.path("settings").size()).isEqualTo(ZccacheProperties.class.getRecordComponents().length);
    }

    @Test
    void stopAsksTheDaemonToStop() {
        assertThat(run("stop").code()).isZero();
        verify(lifecycle).requestStop("stop requested");
    }

    @Test
    void unknownCommandsAndOptionsAreUsageErrors() {
        assertThat(run("stats", "--bogus").code()).isEqualTo(2);
        assertThat(run("clear", "all").code()).isEqualTo(2);
        assertThat(run("frobnicate").code()).isEqualTo(2);
        assertThat(run("journal", "-n").code()).isEqualTo(2);
    }

    @Test
    void journalFileIsWhereHelpSaysItIs() {
        journal.flush();
        compiled("a.o", CompileOutcome.hit(1, "k"), null);
        journal.flush();
        assertThat(Files.exists(cache.resolve("logs/compile_journal.jsonl"))).isTrue();
    }
}
