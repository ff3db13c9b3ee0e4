package dev.zccache.ipc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.springframework.integration.ip.tcp.serializer.SoftEndOfStreamException;

class FrameCodecTest {

    private final FrameCodec codec = new FrameCodec(1024);

    private Frame read(byte[] bytes) throws Exception {
        return codec.deserialize(new ByteArrayInputStream(bytes));
    }

    private static byte[] frame(byte[] body) {
        byte[] f = new byte[body.length + 4];
        f[0] = (byte) (body.length >>> 24);
        f[1] = (byte) (body.length >>> 16);
        f[2] = (byte) (body.length >>> 8);
        f[3] = (byte) body.length;
        System.arraycopy(body, 0, f, 4, body.length);
        return f;
    }

    private static Frame.Problem problem(Frame f) {
        assertThat(f).isInstanceOf(Frame.Broken.class);
        return ((Frame.Broken) f).problem();
    }

    @Test
    void wholeFrameIsItsBody() throws Exception {
        Frame f = read(frame(new byte[] {'P', 1, 2, 3}));
        assertThat(f).isInstanceOfSatisfying(Frame.Whole.class,
                w -> assertThat(w.body()).containsExactly('P', 1, 2, 3));
    }

    @Test
    void endOfStreamBeforeAFrameIsAQuietClose() {
        assertThatThrownBy(() -> read(new byte[0])).isInstanceOf(SoftEndOfStreamException.class)
                .satisfies(e -> assertThat(e.getStackTrace()).as("no stack trace filled per connection").isEmpty());
    }

    @Test
    void oversizedLengthIsRefusedWithoutReadingTheBody() throws Exception {
        assertThat(problem(read(new byte[] {0, 0, 4, 1}))).isEqualTo(Frame.Problem.TOO_LARGE);
    }

    @Test
    void truncatedBodyAndHeaderAreReported() throws Exception {
        byte[] frame = frame(new byte[] {'P', 1, 2, 3});
        assertThat(problem(read(Arrays.copyOf(frame, frame.length - 1)))).isEqualTo(Frame.Problem.TRUNCATED);
        assertThat(problem(read(new byte[] {0, 0}))).isEqualTo(Frame.Problem.TRUNCATED);
    }

    @Test
    void bodyLargerThanTheFirstBufferIsReadWhole() throws Exception {
        FrameCodec big = new FrameCodec(64 * 1024 * 1024);
        byte[] body = new byte[300_000];
        Arrays.fill(body, (byte) 'x');
        Frame f = big.deserialize(new ByteArrayInputStream(frame(body)));
        assertThat(f).isInstanceOfSatisfying(Frame.Whole.class, w -> assertThat(w.body()).isEqualTo(body));
    }

    @Test
    void zeroLengthFrameIsMalformed() throws Exception {
        assertThat(problem(read(new byte[] {0, 0, 0, 0}))).isEqualTo(Frame.Problem.EMPTY);
    }
}
