package dev.zccache.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

class LatestCompilesTest {

    @TempDir
    Path dir;

    private CompileJournal journal;

    @AfterEach
    void close() {
        if (journal != null) {
            journal.close();
        }
    }

    private static CompileEvent miss(String cwd, String output, String key) {
        return new CompileEvent("2026-12-01T10:00:00Z", "miss", "new", "", "/usr/bin/rustc", List.of(), cwd,
                cwd + "/src/lib.rs", output, 0, 1000, null, key, Map.of());
    }

    @Test
    void theSameOutputRelativeToItsWorkingDirectoryIsFoundInAnotherCheckout() {
        journal = new CompileJournal(dir.resolve("journal.jsonl"), 1 << 20, JsonMapper.builder().build());
        LatestCompiles latest = new LatestCompiles(journal);
        latest.record(miss("/a/ws", "/a/ws/target/debug/deps/libx-1.rlib", "k1"));
        assertThat(latest.otherDirectory(Path.of("/b/ws"), Path.of("/b/ws/target/debug/deps/libx-1.rlib")))
                .contains(Path.of("/a/ws"));
        assertThat(latest.otherDirectory(Path.of("/a/ws"), Path.of("/a/ws/target/debug/deps/libx-1.rlib")))
                .as("its own directory is not another").isEmpty();
        assertThat(latest.otherDirectory(Path.of("/b/ws"), Path.of("/b/ws/target/debug/deps/liby-1.rlib"))).isEmpty();
        assertThat(latest.otherDirectory(Path.of("/b/ws"), Path.of("/elsewhere/liby-1.rlib"))).isEqualTo(Optional.empty());
    }
}
