package dev.zccache.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ReplyEncoderTest {

    @Test
    void exitFrameIsLengthTypeAndStatus() {
        byte[] f = ReplyEncoder.encode(new Reply.Exit(3));
        assertThat(f).containsExactly(0, 0, 0, 5, 'X', 0, 0, 0, 3);
    }

    @Test
    void errorFrameCarriesCodePidVersionAndMessage() {
        ByteBuffer b = ByteBuffer.wrap(ReplyEncoder.encode(new Reply.Error(Wire.ERR_TOO_LARGE, 42, "1.0", "big")));
        assertThat(b.getInt()).isEqualTo(b.remaining());
        assertThat(b.get()).isEqualTo(Wire.REP_ERROR);
        assertThat(b.getShort()).isEqualTo((short) Wire.ERR_TOO_LARGE);
        assertThat(b.getInt()).isEqualTo(42);
        assertThat(string(b)).isEqualTo("1.0");
        assertThat(string(b)).isEqualTo("big");
        assertThat(b.hasRemaining()).isFalse();
    }

    @Test
    void resultFrameCarriesCodeAndText() {
        ByteBuffer b = ByteBuffer.wrap(ReplyEncoder.encode(new Reply.Result(1, "héllo\n")));
        b.getInt();
        assertThat(b.get()).isEqualTo(Wire.REP_RESULT);
        assertThat(b.getInt()).isEqualTo(1);
        assertThat(string(b)).isEqualTo("héllo\n");
    }

    @Test
    void chunkFrameHoldsExactlyTheSlice() {
        byte[] data = {9, 8, 7, 6};
        assertThat(ReplyEncoder.chunk(Wire.REP_STDERR, data, 1, 2)).containsExactly(0, 0, 0, 3, 'E', 8, 7);
    }

    private static String string(ByteBuffer b) {
        byte[] s = new byte[b.getInt()];
        b.get(s);
        return new String(s, StandardCharsets.UTF_8);
    }
}
