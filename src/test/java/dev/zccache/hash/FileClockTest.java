package dev.zccache.hash;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileClockTest {

    @TempDir
    Path dir;

    @Test
    void marksReuseOneFileAndNeverGoBack() throws Exception {
        long first = FileClock.now(dir);
        long second = FileClock.now(dir);
        long third = FileClock.now(dir);
        assertThat(second).isGreaterThanOrEqualTo(first);
        assertThat(third).isGreaterThanOrEqualTo(second);
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).toList()).containsExactly(FileClock.MARK);
        }
    }

    @Test
    void aFileChangedAfterAMarkIsNeverOlderThanIt() throws Exception {
        for (int i = 0; i < 20; i++) {
            long mark = FileClock.now(dir);
            Path f = Files.writeString(dir.resolve("f" + i), "x");
            assertThat(FileStateCache.changedAt(f).orElseThrow()).isGreaterThanOrEqualTo(mark);
        }
    }

    @Test
    void aMarkRemovedMeanwhileIsMadeAgain() throws Exception {
        long first = FileClock.now(dir);
        Files.delete(dir.resolve(FileClock.MARK));
        assertThat(FileClock.now(dir)).isGreaterThanOrEqualTo(first);
        assertThat(dir.resolve(FileClock.MARK)).exists();
    }
}
