package dev.zccache.ipc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zccache.protocol.Frames;
import dev.zccache.protocol.Inbound;
import dev.zccache.protocol.Request;
import dev.zccache.protocol.Wire;
import java.io.ByteArrayInputStream;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.springframework.integration.ip.tcp.serializer.SoftEndOfStreamException;

class FrameCodecTest {

    private final FrameCodec codec = new FrameCodec(1024);

    private Request read(byte[] bytes) throws Exception {
        Inbound in = codec.deserialize(new ByteArrayInputStream(bytes));
        return in.request();
    }

    @Test
    void wholeFrameDecodes() throws Exception {
        byte[] frame = Frames.request(Wire.REQ_PING, Wire.PROTOCOL_VERSION, "v").frame();
        assertThat(read(frame)).isEqualTo(new Request.Ping("v"));
    }

    @Test
    void endOfStreamBeforeAFrameIsAQuietClose() {
        assertThatThrownBy(() -> read(new byte[0])).isInstanceOf(SoftEndOfStreamException.class);
    }

    @Test
    void oversizedLengthIsRefusedWithoutReadingTheBody() throws Exception {
        byte[] header = new Frames().u32(1025).body();
        assertThat(((Request.Invalid) read(header)).code()).isEqualTo(Wire.ERR_TOO_LARGE);
    }

    @Test
    void truncatedBodyAndHeaderAreReported() throws Exception {
        byte[] frame = Frames.request(Wire.REQ_PING, Wire.PROTOCOL_VERSION, "v").frame();
        assertThat(((Request.Invalid) read(Arrays.copyOf(frame, frame.length - 1))).code())
                .isEqualTo(Wire.ERR_TRUNCATED);
        assertThat(((Request.Invalid) read(new byte[] {0, 0})).code()).isEqualTo(Wire.ERR_TRUNCATED);
    }

    @Test
    void bodyLargerThanTheFirstBufferIsReadWhole() throws Exception {
        FrameCodec big = new FrameCodec(Wire.MAX_FRAME_BYTES);
        String arg = "x".repeat(300_000);
        byte[] body = Frames.compile("v", "/usr/bin/gcc", "/", java.util.List.of("/usr/bin/gcc", arg),
                java.util.List.of());
        byte[] frame = new Frames().u32(body.length).raw(body).body();
        Request.Compile c = (Request.Compile) big.deserialize(new ByteArrayInputStream(frame)).request();
        assertThat(c.argv().get(1)).isEqualTo(arg);
    }

    @Test
    void zeroLengthFrameIsMalformed() throws Exception {
        assertThat(((Request.Invalid) read(new byte[] {0, 0, 0, 0})).code()).isEqualTo(Wire.ERR_MALFORMED);
    }
}
