package dev.zccache.compile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zccache.protocol.ReplySink;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HeldOutputTest {

    /** Records what reaches the client: "o:" and "e:" before each chunk, in order. */
    static final class Recording implements ReplySink {
        final ByteArrayOutputStream seen = new ByteArrayOutputStream();

        @Override
        public void stdout(byte[] b, int off, int len) {
            seen.writeBytes("o:".getBytes(StandardCharsets.UTF_8));
            seen.write(b, off, len);
        }

        @Override
        public void stderr(byte[] b, int off, int len) {
            seen.writeBytes("e:".getBytes(StandardCharsets.UTF_8));
            seen.write(b, off, len);
        }

        @Override
        public Watch watchDisconnect(Runnable onGone) {
            return () -> { };
        }

        String text() {
            return seen.toString(StandardCharsets.UTF_8);
        }
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void outputWaitsForTheEndAndKeepsItsOrder() throws Exception {
        Recording client = new Recording();
        HeldOutput held = new HeldOutput(client);
        held.stderr(b("warning"), 0, 7);
        held.stdout(b("xout"), 1, 3);
        assertThat(client.text()).isEmpty();
        held.release();
        assertThat(client.text()).isEqualTo("e:warningo:out");
        held.stderr(b("late"), 0, 4);
        assertThat(client.text()).endsWith("e:late");
        assertThat(held.discard()).as("passed on already").isFalse();
    }

    @Test
    void aDiscardedRunIsNeverSeen() throws Exception {
        Recording client = new Recording();
        HeldOutput held = new HeldOutput(client);
        held.stderr(b("fatal error: closing dependency file"), 0, 36);
        assertThat(held.discard()).isTrue();
        assertThat(client.text()).isEmpty();
    }

    @Test
    void moreThanTheLimitIsPassedOnAsItComes() throws Exception {
        Recording client = new Recording();
        HeldOutput held = new HeldOutput(client);
        byte[] big = new byte[HeldOutput.LIMIT + 1];
        held.stdout(big, 0, big.length);
        assertThat(client.seen.size()).isEqualTo(big.length + 2);
        assertThat(held.discard()).isFalse();
    }
}
