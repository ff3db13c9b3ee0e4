package dev.zccache.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputFilesTest {

    @TempDir
    Path dir;

    @Test
    void permissionsAreWhatTheUmaskLeavesOf0666() {
        assertThat(PosixFilePermissions.toString(OutputFiles.permissions(022))).isEqualTo("rw-r--r--");
        assertThat(PosixFilePermissions.toString(OutputFiles.permissions(077))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(OutputFiles.permissions(002))).isEqualTo("rw-rw-r--");
    }

    @Test
    void writeReplacesTheFileWholeWithTheCallersPermissions() throws Exception {
        Path target = dir.resolve("t.d");
        Files.writeString(target, "old contents, longer than the new");
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("r--------"));
        OutputFiles.write(target, "t.o: t.c\n".getBytes(), 022);
        assertThat(Files.readString(target)).isEqualTo("t.o: t.c\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target))).isEqualTo("rw-r--r--");
        try (var files = Files.list(dir)) {
            assertThat(files.count()).as("no staging file left").isEqualTo(1);
        }
    }
}
