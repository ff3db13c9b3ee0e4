package dev.zccache.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zccache.ipc.Frame;
import dev.zccache.protocol.Frames;
import dev.zccache.protocol.Request;
import dev.zccache.protocol.Wire;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class GatewayConfigurationTest {

    @Test
    void aWholeFrameIsDecodedAsTheProtocolSays() {
        byte[] frame = Frames.request(Wire.REQ_PING, Wire.PROTOCOL_VERSION, "v").frame();
        byte[] body = Arrays.copyOfRange(frame, 4, frame.length);
        assertThat(GatewayConfiguration.decode(new Frame.Whole(body))).isEqualTo(new Request.Ping("v"));
    }

    @Test
    void brokenFramesBecomeInvalidRequestsWithTheirWireCodes() {
        assertThat(GatewayConfiguration.decode(new Frame.Broken(Frame.Problem.TRUNCATED, "t")))
                .isEqualTo(new Request.Invalid(Wire.ERR_TRUNCATED, "t"));
        assertThat(GatewayConfiguration.decode(new Frame.Broken(Frame.Problem.TOO_LARGE, "l")))
                .isEqualTo(new Request.Invalid(Wire.ERR_TOO_LARGE, "l"));
        assertThat(GatewayConfiguration.decode(new Frame.Broken(Frame.Problem.EMPTY, "e")))
                .isEqualTo(new Request.Invalid(Wire.ERR_MALFORMED, "e"));
    }
}
