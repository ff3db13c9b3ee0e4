package dev.zccache.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zccache.protocol.Reply;
import dev.zccache.stats.CompileStats;
import dev.zccache.store.LocalStore;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class AdminCommandsTest {

    @TempDir
    Path cache;

    private final JsonMapper json = JsonMapper.builder().build();
    private CompileStats stats;
    private LocalStore store;
    private AdminCommands admin;

    @BeforeEach
    void setUp() throws Exception {
        stats = new CompileStats(cache.resolve("stats.json"), json);
        store = new LocalStore(cache, 1 << 20, json, Runnable::run);
        admin = new AdminCommands(new StatsService(stats, store, json), store);
    }

    @AfterEach
    void tearDown() {
        stats.close();
    }

    private Reply.Result run(String... args) {
        return (Reply.Result) admin.handle(List.of(args));
    }

    @Test
    void statsJsonHasTheDocumentedFields() {
        stats.hit(40);
        stats.miss();
        stats.uncacheable("link");
        Reply.Result r = run("stats", "--json");
        assertThat(r.code()).isZero();
        JsonNode s = json.readTree(r.text());
        assertThat(s.path("hits").asLong()).isEqualTo(1);
        assertThat(s.path("misses").asLong()).isEqualTo(1);
        assertThat(s.path("hit_rate").asDouble()).isEqualTo(0.5);
        assertThat(s.path("uncacheable").asLong()).isEqualTo(1);
        assertThat(s.path("uncacheable_reasons").path("link").asLong()).isEqualTo(1);
        assertThat(s.path("time_saved_ms").asLong()).isEqualTo(40);
        for (String field : List.of("errors", "entries", "size_bytes", "budget_bytes", "evictions")) {
            assertThat(s.has(field)).as(field).isTrue();
        }
        assertThat(s.path("budget_bytes").asLong()).isEqualTo(1 << 20);
    }

    @Test
    void statsTextIsAnAlignedTable() {
        stats.uncacheable("preprocess-only");
        String text = run("stats").text();
        assertThat(text).contains("hit rate").contains("  preprocess-only").contains("of 1.0 MiB");
        assertThat(text.lines().map(String::length).distinct()).hasSize(1);
    }

    @Test
    void zeroAndClear() throws Exception {
        stats.hit(1);
        assertThat(run("stats", "--zero").code()).isZero();
        assertThat(stats.snapshot().hits()).isZero();
        store.putBlob("x".getBytes());
        assertThat(run("clear").code()).isZero();
        assertThat(store.sizeBytes()).isZero();
    }

    @Test
    void unknownCommandsAndOptionsAreUsageErrors() {
        assertThat(run("stats", "--bogus").code()).isEqualTo(2);
        assertThat(run("clear", "all").code()).isEqualTo(2);
        assertThat(run("frobnicate").code()).isEqualTo(2);
    }
}
