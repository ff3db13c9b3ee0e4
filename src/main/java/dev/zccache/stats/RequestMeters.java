package dev.zccache.stats;

import dev.zccache.outcome.CompileOutcome;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Compile requests by outcome, and their latency, counted from the first request on and shown
 * to Micrometer as {@code zccache.requests} and {@code zccache.request.latency} once its
 * registry exists (it is created after the socket answers, see DeferActuator).
 */
public final class RequestMeters implements MeterBinder {

    private record Counts(LongAdder requests, LongAdder nanos) {
    }

    private final Map<CompileOutcome.Kind, Counts> counts = new EnumMap<>(CompileOutcome.Kind.class);

    public RequestMeters() {
        for (CompileOutcome.Kind k : CompileOutcome.Kind.values()) {
            counts.put(k, new Counts(new LongAdder(), new LongAdder()));
        }
    }

    public void record(CompileOutcome.Kind outcome, long latencyNanos) {
        Counts c = counts.get(outcome);
        c.requests().increment();
        c.nanos().add(latencyNanos);
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        counts.forEach((kind, c) -> {
            FunctionCounter.builder("zccache.requests", c, x -> x.requests().sum())
                    .tag("outcome", kind.id()).description("compile requests by outcome").register(registry);
            FunctionTimer.builder("zccache.request.latency", c, x -> x.requests().sum(), x -> x.nanos().sum(),
                    TimeUnit.NANOSECONDS)
                    .tag("outcome", kind.id()).description("from a compile request's arrival to its answer")
                    .register(registry);
        });
    }
}
