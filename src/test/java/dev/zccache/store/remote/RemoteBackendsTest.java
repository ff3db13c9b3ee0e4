package dev.zccache.store.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RemoteBackendsTest {

    @Test
    void redactsPasswordsAndTokens() {
        assertThat(RemoteBackends.redact("redis://user:s3cret@host:6379/2")).isEqualTo("redis://***@host:6379/2");
        assertThat(RemoteBackends.redact("redis://:s3cret@host")).isEqualTo("redis://***@host");
        assertThat(RemoteBackends.redact("https://tok@cache.example/zc")).isEqualTo("https://***@cache.example/zc");
        assertThat(RemoteBackends.redact("redis+cluster://u:p@a:1,b:2")).isEqualTo("redis+cluster://***@a:1,b:2");
        assertThat(RemoteBackends.redact("http://cache:8080/zc")).isEqualTo("http://cache:8080/zc");
    }

    @Test
    void refusesAnUnknownSchemeWithoutShowingTheSecret() {
        assertThatThrownBy(() -> RemoteBackends.open("s3://key:secret@bucket", Duration.ofMillis(150),
                Duration.ofSeconds(1), Duration.ofDays(1), Optional.empty()))
                .hasMessageContaining("unknown scheme").hasMessageNotContaining("secret");
    }

    @Test
    void describesEveryBackendWithoutItsPassword() throws Exception {
        for (String url : new String[] {"redis://u:pw@127.0.0.1:1/0", "redis+cluster://u:pw@127.0.0.1:1,127.0.0.1:2",
                "http://u:pw@127.0.0.1:1/zc"}) {
            try (RemoteBackend b = RemoteBackends.open(url, Duration.ofMillis(150), Duration.ofSeconds(1),
                    Duration.ofDays(1), Optional.empty())) {
                assertThat(b.describe()).doesNotContain("pw").contains("***@127.0.0.1");
            }
        }
    }
}
