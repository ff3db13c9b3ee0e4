package dev.zccache.stats;

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
            stats.hit(120);
            stats.hit(30);
            stats.miss();
            stats.uncacheable("link");
            stats.uncacheable("link");
            stats.uncacheable("preprocess-only");
            stats.error();
        }
        try (CompileStats again = new CompileStats(file, json)) {
            CompileStats.Snapshot s = again.snapshot();
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
            stats.hit(1);
            stats.uncacheable("link");
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
