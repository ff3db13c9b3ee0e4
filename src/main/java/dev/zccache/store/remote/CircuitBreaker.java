package dev.zccache.store.remote;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Stops asking a remote that keeps failing: after {@code threshold} failures in a row it opens
 * for {@code openFor}, then lets requests through again (the first failure re-opens it, a success
 * closes it). A build on a machine whose remote is down pays for a few timeouts, not one per
 * compile.
 */
final class CircuitBreaker {

    /** What health shows: CLOSED (asking), FAILING (asking, the last request failed), OPEN (not asking). */
    enum State {
        CLOSED, FAILING, OPEN
    }

    private final int threshold;
    private final Duration openFor;
    private final Clock clock;
    private int failures;
    private Instant openUntil = Instant.MIN;
    private boolean probing;
    private long opened;

    CircuitBreaker(int threshold, Duration openFor, Clock clock) {
        this.threshold = threshold;
        this.openFor = openFor;
        this.clock = clock;
    }

    /** Whether a request may be sent now. */
    synchronized boolean allows() {
        if (clock.instant().isBefore(openUntil)) {
            return false;
        }
        if (failures >= threshold) {
            probing = true; // half-open: this one decides
        }
        return true;
    }

    synchronized void succeeded() {
        failures = 0;
        probing = false;
        openUntil = Instant.MIN;
    }

    synchronized void failed() {
        failed(openFor);
    }

    private void failed(Duration open) {
        failures++;
        if (failures >= threshold || probing) {
            if (!clock.instant().isBefore(openUntil)) {
                opened++;
            }
            openUntil = clock.instant().plus(open);
            probing = false;
        }
    }

    /** Opens it at once: a remote that cannot even be connected to is down. */
    synchronized void trip() {
        trip(openFor);
    }

    /** Opens it at once, for this long. */
    synchronized void trip(Duration open) {
        failures = Math.max(failures, threshold);
        failed(open);
    }

    synchronized State state() {
        if (clock.instant().isBefore(openUntil)) {
            return State.OPEN;
        }
        return failures == 0 ? State.CLOSED : State.FAILING;
    }

    /** How many times it opened. */
    synchronized long timesOpened() {
        return opened;
    }
}
