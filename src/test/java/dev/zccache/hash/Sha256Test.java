package dev.zccache.hash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Sha256Test {

    @TempDir
    Path dir;

    @BeforeAll
    static void loadTheLibraryAsTheDaemonDoes() {
        NativeLibrary.load(Path.of(System.getProperty("java.io.tmpdir")));
    }

    @Test
    void prepareLoadsLibcryptoWithoutHashingAFile() throws IOException {
        Sha256.prepare();
        assertThat(Files.readString(Path.of("/proc/self/maps"))).as("libcrypto mapped").contains("libcrypto.so");
        assertThat(Sha256.hashesNatively()).isTrue();
    }

    @Test
    void theSystemsLibcryptoHashesFilesAsJavaDoesEmptyOddSizedAndLarge() throws Exception {
        assertThat(Sha256.hashesNatively()).as("libzccache-native.so loaded and libcrypto found").isTrue();
        Random random = new Random(7);
        for (int size : new int[] {0, 1, 63, 64, 65, 256 * 1024 - 1, 256 * 1024 + 3, 3_000_001}) {
            byte[] bytes = new byte[size];
            random.nextBytes(bytes);
            Path f = Files.write(dir.resolve("f" + size), bytes);
            assertThat(Sha256.hex(Sha256.ofFile(f))).as("size " + size)
                    .isEqualTo(Sha256.hex(Sha256.newDigest().digest(bytes)));
        }
    }

    @Test
    void bytesInMemoryAreHashedByLibcryptoAsJavaHashesThem() {
        assertThat(Sha256.hashesNatively()).isTrue();
        Random random = new Random(11);
        for (int size : new int[] {0, 1, 63, 64, 65, 256 * 1024 - 1, 256 * 1024, 256 * 1024 + 3, 3_000_001}) {
            byte[] bytes = new byte[size];
            random.nextBytes(bytes);
            assertThat(Sha256.of(bytes)).as("size " + size).isEqualTo(Sha256.newDigest().digest(bytes));
        }
    }

    @Test
    void anUnreadableFileIsJavasErrorNotADigest() {
        assertThatThrownBy(() -> Sha256.ofFile(dir.resolve("missing"))).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> Sha256.ofFile(dir)).isInstanceOf(IOException.class);
    }
}
