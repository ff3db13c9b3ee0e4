package dev.zccache.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonLinesFileTest {

    @TempDir
    Path dir;

    private static Optional<String> parse(String line) {
        return line.startsWith("{") && line.endsWith("}") ? Optional.of(line) : Optional.empty();
    }

    private static byte[] line(int i) {
        return ("{\"n\":" + i + ",\"pad\":\"" + "x".repeat(i % 50) + "\"}\n").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void rotatesBeyondItsSizeAndReadsNewestFirstAcrossBothFiles() throws Exception {
        Path file = dir.resolve("j.jsonl");
        try (JsonLinesFile f = new JsonLinesFile(file, 100_000)) {
            for (int i = 0; i < 3000; i++) {
                f.append(line(i));
            }
        }
        assertThat(Files.size(file)).isLessThanOrEqualTo(100_000);
        assertThat(Files.exists(JsonLinesFile.rotated(file))).isTrue();
        List<String> newest = JsonLinesFile.newest(file, 5, JsonLinesFileTest::parse, l -> true);
        assertThat(newest).hasSize(5);
        assertThat(newest.get(0)).startsWith("{\"n\":2999,");
        assertThat(newest.get(4)).startsWith("{\"n\":2995,");
        // every line of both generations, in order, none torn at a 64 KiB block boundary
        List<String> all = JsonLinesFile.newest(file, Integer.MAX_VALUE, JsonLinesFileTest::parse, l -> true);
        for (int k = 0; k < all.size(); k++) {
            assertThat(all.get(k)).startsWith("{\"n\":" + (2999 - k) + ",");
        }
        assertThat(all.size()).isGreaterThan(1000);
    }

    @Test
    void skipsATornLastLineAndFilters() throws Exception {
        Path file = dir.resolve("j.jsonl");
        try (JsonLinesFile f = new JsonLinesFile(file, 1 << 20)) {
            for (int i = 0; i < 10; i++) {
                f.append(line(i));
            }
            f.append("{\"n\":10,\"cut".getBytes(StandardCharsets.UTF_8));
        }
        List<String> even = JsonLinesFile.newest(file, 3, JsonLinesFileTest::parse,
                l -> l.matches("\\{\"n\":[02468],.*"));
        assertThat(even).hasSize(3);
        assertThat(even.get(0)).startsWith("{\"n\":8,");
        assertThat(JsonLinesFile.newest(dir.resolve("none"), 3, JsonLinesFileTest::parse, l -> true)).isEmpty();
    }
}
