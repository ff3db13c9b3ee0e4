package dev.zccache.hash;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * When a stat is too fresh to trust: a change within the same timestamp tick as the stat leaves
 * mtime and ctime as they were, so anything changed less than {@code window} ago may still change
 * unseen. Memos (file digests, directory absences) are not kept for such entries.
 */
public record RacyWindow(Clock clock, Duration window) {

    public boolean isRacy(long mtimeNanos, long ctimeNanos) {
        long now = TimeUnit.MILLISECONDS.toNanos(clock.millis());
        return now - Math.max(mtimeNanos, ctimeNanos) < window.toNanos();
    }
}
