package dev.zccache.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RequestDecoderTest {

    private static Request decode(byte[] body) {
        return RequestDecoder.decode(body, body.length);
    }

    @Test
    void decodesCompileRequestWithArgvCwdAndEnvironment() {
        byte[] body = Frames.compile("1.2", "/usr/bin/gcc", "/src", List.of("/usr/bin/gcc", "-c", "x.c"),
                List.of("PATH=/usr/bin", "EMPTY=", "A=b=c", "NOEQUALS"));
        Request.Compile c = (Request.Compile) decode(body);
        assertThat(c.clientVersion()).isEqualTo("1.2");
        assertThat(c.compiler()).isEqualTo("/usr/bin/gcc");
        assertThat(c.cwd()).isEqualTo("/src");
        assertThat(c.argv()).containsExactly("/usr/bin/gcc", "-c", "x.c");
        assertThat(c.env()).containsEntry("PATH", "/usr/bin").containsEntry("EMPTY", "").containsEntry("A", "b=c")
                .doesNotContainKey("NOEQUALS");
        assertThat(c.lossless()).isTrue();
    }

    @Test
    void nonUtf8ArgumentMarksRequestLossy() {
        Frames f = Frames.request(Wire.REQ_COMPILE, Wire.PROTOCOL_VERSION, "v").u8(0).u16(022).str("/usr/bin/gcc").str("/");
        f.u32(2).str("/usr/bin/gcc").bytes(new byte[] {'-', 'D', (byte) 0xff});
        f.u32(0);
        Request.Compile c = (Request.Compile) decode(f.body());
        assertThat(c.lossless()).isFalse();
    }

    @Test
    void utf8ArgumentsRoundTrip() {
        byte[] body = Frames.compile("v", "/usr/bin/gcc", "/tmp/ünï", List.of("/usr/bin/gcc", "-DX=\"ü\""), List.of());
        Request.Compile c = (Request.Compile) decode(body);
        assertThat(c.cwd()).isEqualTo("/tmp/ünï");
        assertThat(c.argv().get(1)).isEqualTo("-DX=\"ü\"");
        assertThat(c.lossless()).isTrue();
    }

    @Test
    void otherProtocolVersionIsRejected() {
        Request r = decode(Frames.request(Wire.REQ_PING, Wire.PROTOCOL_VERSION + 1, "v").body());
        assertThat(r).isInstanceOfSatisfying(Request.Invalid.class,
                i -> assertThat(i.code()).isEqualTo(Wire.ERR_VERSION_MISMATCH));
    }

    @Test
    void unknownTypeIsRejected() {
        Request r = decode(Frames.request((byte) 'Z', Wire.PROTOCOL_VERSION, "v").body());
        assertThat(((Request.Invalid) r).code()).isEqualTo(Wire.ERR_UNKNOWN_TYPE);
    }

    @Test
    void stringLongerThanFrameIsMalformed() {
        Frames f = Frames.request(Wire.REQ_COMPILE, Wire.PROTOCOL_VERSION, "v").u8(0).u16(022).u32(1000).raw(new byte[3]);
        assertThat(((Request.Invalid) decode(f.body())).code()).isEqualTo(Wire.ERR_MALFORMED);
    }

    @Test
    void lyingArgumentCountIsMalformedNotAHugeAllocation() {
        Frames f = Frames.request(Wire.REQ_COMPILE, Wire.PROTOCOL_VERSION, "v").u8(0).u16(022).str("/usr/bin/gcc").str("/")
                .u32(0x7fffffffL);
        assertThat(((Request.Invalid) decode(f.body())).code()).isEqualTo(Wire.ERR_MALFORMED);
    }

    @Test
    void trailingBytesAreMalformed() {
        Frames f = Frames.request(Wire.REQ_PING, Wire.PROTOCOL_VERSION, "v").raw(new byte[] {1, 2});
        assertThat(((Request.Invalid) decode(f.body())).code()).isEqualTo(Wire.ERR_MALFORMED);
    }

    @Test
    void headerShorterThanVersionIsMalformed() {
        assertThat(((Request.Invalid) decode(new byte[] {'P', 0})).code()).isEqualTo(Wire.ERR_MALFORMED);
        assertThat(((Request.Invalid) decode(new byte[0])).code()).isEqualTo(Wire.ERR_MALFORMED);
    }

    @Test
    void compileWithoutArgvIsMalformed() {
        byte[] body = Frames.compile("v", "/usr/bin/gcc", "/", List.of(), List.of());
        assertThat(((Request.Invalid) decode(body)).code()).isEqualTo(Wire.ERR_MALFORMED);
    }

    @Test
    void statusCarriesItsFormat() {
        Request r = decode(Frames.request(Wire.REQ_STATUS, Wire.PROTOCOL_VERSION, "v").u8(Wire.FORMAT_JSON).body());
        assertThat(((Request.Status) r).format()).isEqualTo(Wire.FORMAT_JSON);
    }
}
