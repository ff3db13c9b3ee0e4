package dev.zccache.store.remote;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class CircuitBreakerTest {

    private Instant now = Instant.parse("2026-12-01T00:00:00Z");
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };

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
        now = now.plusSeconds(31);
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
        now = now.plusSeconds(31);
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
