package dev.zccache.store.remote;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zccache.hash.Sha256;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class RemoteEnvelopeTest {

    private static final String KEY = "ab".repeat(32);

    private static byte[] text(int n) {
        return "int f(void) { return 42; }\n".repeat(n).getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void opensWhatItSealedAndCompressesWhatCompresses() {
        byte[] plain = text(200);
        byte[] sealed = RemoteEnvelope.seal(RemoteBackend.Kind.MANIFEST, KEY, plain);
        assertThat(sealed.length).isLessThan(plain.length / 4);
        assertThat(RemoteEnvelope.open(RemoteBackend.Kind.MANIFEST, KEY, sealed, 1 << 20)).hasValue(plain);
    }

    @Test
    void refusesAnotherKindOrKey() {
        byte[] sealed = RemoteEnvelope.seal(RemoteBackend.Kind.MANIFEST, KEY, text(3));
        assertThat(RemoteEnvelope.open(RemoteBackend.Kind.BLOB, KEY, sealed, 1 << 20)).isEmpty();
        assertThat(RemoteEnvelope.open(RemoteBackend.Kind.MANIFEST, "cd".repeat(32), sealed, 1 << 20)).isEmpty();
    }

    @Test
    void refusesEveryFlippedBitAndEveryTruncation() {
        byte[] sealed = RemoteEnvelope.seal(RemoteBackend.Kind.MANIFEST, KEY, text(50));
        for (int i = 0; i < sealed.length; i++) {
            byte[] flipped = sealed.clone();
            flipped[i] ^= 0x10;
            assertThat(RemoteEnvelope.open(RemoteBackend.Kind.MANIFEST, KEY, flipped, 1 << 20)).as("bit at " + i)
                    .isEmpty();
        }
        for (int n = 0; n < sealed.length; n++) {
            assertThat(RemoteEnvelope.open(RemoteBackend.Kind.MANIFEST, KEY, Arrays.copyOf(sealed, n), 1 << 20))
                    .as("first " + n + " bytes").isEmpty();
        }
    }

    @Test
    void aBlobMustHashToItsName() {
        byte[] plain = text(10);
        String digest = Sha256.hex(Sha256.newDigest().digest(plain));
        byte[] sealed = RemoteEnvelope.seal(RemoteBackend.Kind.BLOB, digest, plain);
        assertThat(RemoteEnvelope.open(RemoteBackend.Kind.BLOB, digest, sealed, 1 << 20)).hasValue(plain);
        // a well-formed seal of other bytes under this name is still refused
        byte[] other = RemoteEnvelope.seal(RemoteBackend.Kind.BLOB, digest, text(11));
        assertThat(RemoteEnvelope.open(RemoteBackend.Kind.BLOB, digest, other, 1 << 20)).isEmpty();
        assertThat(RemoteEnvelope.openRawBlob(digest, plain)).hasValue(plain);
        assertThat(RemoteEnvelope.openRawBlob(digest, text(11))).isEmpty();
    }

    @Test
    void refusesWhatInflatesBeyondTheLimit() {
        byte[] sealed = RemoteEnvelope.seal(RemoteBackend.Kind.MANIFEST, KEY, new byte[1 << 20]);
        assertThat(RemoteEnvelope.open(RemoteBackend.Kind.MANIFEST, KEY, sealed, 1 << 16)).isEmpty();
    }
}
