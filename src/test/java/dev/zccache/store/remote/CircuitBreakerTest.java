package dev.zccache.store.remote;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class CircuitBreakerTest {

    private final SettableClock clock = new SettableClock();

    @Test
    void opensAfterFailuresInARowThenLetsOneThroughAndClosesOnSuccess() {
        CircuitBreaker b = new CircuitBreaker(3, Duration.ofSeconds(30), clock);
        b.failed();
        b.failed();
        assertThat(b.state()).isEqualTo(CircuitBreaker.State.FAILING);
        assertThat(b.allows()).isTrue();
        b.failed();
        assertThat(b.state()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(b.allows()).isFalse();
        clock.advance(Duration.ofSeconds(31));
        assertThat(b.allows()).isTrue();
        b.succeeded();
        assertThat(b.state()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(b.timesOpened()).isEqualTo(1);
    }

    @Test
    void aFailedProbeReopensAtOnce() {
        CircuitBreaker b = new CircuitBreaker(3, Duration.ofSeconds(30), clock);
        b.trip();
        assertThat(b.allows()).isFalse();
        clock.advance(Duration.ofSeconds(31));
        assertThat(b.allows()).isTrue();
        b.failed();
        assertThat(b.state()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(b.timesOpened()).isEqualTo(2);
    }

    @Test
    void aSuccessResetsTheCount() {
        CircuitBreaker b = new CircuitBreaker(3, Duration.ofSeconds(30), clock);
        b.failed();
        b.failed();
        b.succeeded();
        b.failed();
        b.failed();
        assertThat(b.allows()).isTrue();
    }
}
