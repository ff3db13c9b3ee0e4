package dev.zccache.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zccache.store.LocalStore;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import tools.jackson.databind.json.JsonMapper;

class StoreHealthTest {

    @TempDir
    Path cache;

    @Test
    void theStoreIsDownWhileEntriesCannotBeWrittenAndUpOnceOneIs() throws Exception {
        LocalStore store = new LocalStore(cache, 1L << 30, JsonMapper.builder().build(), Runnable::run);
        HealthIndicator health = new ActuatorConfiguration().storeHealthIndicator(store);
        assertThat(health.health().getStatus()).isEqualTo(Status.UP);
        try {
            store.publishing(() -> {
                throw new IOException("No space left on device");
            });
        } catch (IOException expected) {
            // what a full disk does to a miss's entry
        }
        Health down = health.health();
        assertThat(down.getStatus()).isEqualTo(Status.DOWN);
        assertThat(down.getDetails().get("error").toString()).contains("No space left on device");
        store.publishing(() -> store.putBlob("room again".getBytes()));
        assertThat(health.health().getStatus()).isEqualTo(Status.UP);
    }
}
