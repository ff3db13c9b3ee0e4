package dev.zccache.stats;

import dev.zccache.outcome.CompileOutcome;
import dev.zccache.outcome.Reason;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

class CompileStatsTest {

    @TempDir
    Path dir;

    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void countersSurviveASaveAndReload() {
        Path file = dir.resolve("stats.json");
        try (CompileStats stats = new CompileStats(file, json)) {
            stats.count(CompileOutcome.hit(120, "k"));
            stats.count(CompileOutcome.hit(30, "k"));
            stats.count(CompileOutcome.miss(Reason.NEW, "", "k"));
            stats.count(CompileOutcome.uncacheable(Reason.LINK, ""));
            stats.count(CompileOutcome.uncacheable(Reason.LINK, ""));
            stats.count(CompileOutcome.uncacheable(Reason.PREPROCESS_ONLY, ""));
            stats.count(CompileOutcome.error(Reason.STORE_FAILED, ""));
        }
        try (CompileStats again = new CompileStats(file, json)) {
            Counters.Snapshot s = again.snapshot();
            assertThat(s.hits()).isEqualTo(2);
            assertThat(s.misses()).isEqualTo(1);
            assertThat(s.uncacheable()).isEqualTo(3);
            assertThat(s.uncacheableReasons()).isEqualTo(Map.of("link", 2L, "preprocess-only", 1L));
            assertThat(s.errors()).isEqualTo(1);
            assertThat(s.timeSavedMs()).isEqualTo(150);
        }
    }

    @Test
    void zeroResetsEverythingAndIsSaved() {
        Path file = dir.resolve("stats.json");
        try (CompileStats stats = new CompileStats(file, json)) {
            stats.count(CompileOutcome.hit(1, "k"));
            stats.count(CompileOutcome.uncacheable(Reason.LINK, ""));
            stats.zero();
            assertThat(stats.snapshot().hits()).isZero();
            assertThat(stats.snapshot().uncacheableReasons()).isEmpty();
        }
        try (CompileStats again = new CompileStats(file, json)) {
            assertThat(again.snapshot().hits()).isZero();
        }
    }

    @Test
    void unreadableFileStartsFromZero() throws Exception {
        Path file = Files.writeString(dir.resolve("stats.json"), "{\"hits\": 3, torn");
        try (CompileStats stats = new CompileStats(file, json)) {
            assertThat(stats.snapshot().hits()).isZero();
        }
    }
}
