package dev.zccache.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DaemonPathsTest {

    @Test
    void shortCacheDirKeepsSocketInside() {
        assertThat(DaemonPaths.socketPath(Path.of("/home/u/.zccache"), 1000))
                .isEqualTo(Path.of("/home/u/.zccache/daemon.sock"));
    }

    @Test
    void cacheDirTooDeepForSunPathFallsBackToPrivateTmpDir() {
        Path deep = Path.of("/tmp/" + "d".repeat(120));
        Path socket = DaemonPaths.socketPath(deep, 1000);
        assertThat(socket.getParent()).isEqualTo(Path.of("/tmp/zccache-1000"));
        assertThat(socket.getFileName().toString()).matches("[0-9a-f]{16}\\.sock");
        assertThat(DaemonPaths.socketPath(Path.of("/tmp/" + "e".repeat(120)), 1000)).isNotEqualTo(socket);
    }

    @Test
    void socketNameHashIsFnv1a64() {
        // reference values of FNV-1a 64; the launcher's zc_socket_path uses the same function
        assertThat(DaemonPaths.fnv1a64("a".getBytes())).isEqualTo(0xaf63dc4c8601ec8cL);
        assertThat(DaemonPaths.fnv1a64(new byte[0])).isEqualTo(0xcbf29ce484222325L);
    }
}
