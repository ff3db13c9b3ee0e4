package dev.zccache.stats;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zccache.outcome.CompileOutcome;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RequestMetersTest {

    @Test
    void requestsCountedBeforeTheRegistryExistsAreShownOnceItDoes() {
        RequestMeters meters = new RequestMeters();
        meters.record(CompileOutcome.Kind.HIT, 2_000_000);
        meters.record(CompileOutcome.Kind.HIT, 1_000_000);
        meters.record(CompileOutcome.Kind.MISS, 9_000_000);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        meters.bindTo(registry);
        assertThat(registry.get("zccache.requests").tag("outcome", "hit").functionCounter().count()).isEqualTo(2);
        FunctionTimer hits = registry.get("zccache.request.latency").tag("outcome", "hit").functionTimer();
        assertThat(hits.count()).isEqualTo(2);
        assertThat(hits.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(3.0);
        assertThat(registry.get("zccache.requests").tag("outcome", "miss").functionCounter().count()).isEqualTo(1);
    }
}
