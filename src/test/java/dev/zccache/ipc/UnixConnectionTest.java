package dev.zccache.ipc;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UnixConnectionTest {

    @TempDir
    Path dir;

    private static final ErrorFrames NO_FRAMES = new ErrorFrames() {
        @Override
        public byte[] requestTimedOut(String message) {
            return new byte[0];
        }

        @Override
        public byte[] peerRefused(String message) {
            return new byte[0];
        }
    };

    @Test
    void readingAfterWeClosedTheConnectionIsTheEndOfTheStream() throws Exception {
        UnixDomainSocketAddress address = UnixDomainSocketAddress.of(dir.resolve("s"));
        Executor none = r -> {
        };
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
                SocketChannel client = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(address);
            client.connect(address);
            UnixConnection c = new UnixConnection(server.accept(), 1, none,
                    new ConnectionReaper(Duration.ofSeconds(10), NO_FRAMES));
            c.close();
            // Spring Integration reads once more after a reply: no ClosedChannelException for it
            assertThat(c.in().read(new byte[4], 0, 4)).isEqualTo(-1);
        }
    }
}
