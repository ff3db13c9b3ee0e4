package dev.zccache.store.remote;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** What the remote tier counts since the daemon started (shown by stats, metrics and health). */
public final class RemoteCounters {

    final AtomicLong hits = new AtomicLong();
    final AtomicLong misses = new AtomicLong();
    final AtomicLong errors = new AtomicLong();
    final AtomicLong timeouts = new AtomicLong();
    final AtomicLong rejected = new AtomicLong();
    final AtomicLong skipped = new AtomicLong();
    final AtomicLong bytesIn = new AtomicLong();
    final AtomicLong bytesOut = new AtomicLong();
    final AtomicLong writes = new AtomicLong();
    final AtomicLong writesDropped = new AtomicLong();

    /**
     * The counters by name, in a fixed order: hits (entries delivered from the remote), misses
     * (the remote had no entry that fits), errors, timeouts, rejected (values that failed
     * verification: corrupt, truncated or not what they claimed), skipped (requests not sent
     * while the breaker was open), bytes in and out, writes (entries published) and
     * writes_dropped (queue full, breaker open, or the write failed).
     */
    public Map<String, Long> snapshot() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("hits", hits.get());
        m.put("misses", misses.get());
        m.put("errors", errors.get());
        m.put("timeouts", timeouts.get());
        m.put("rejected", rejected.get());
        m.put("skipped", skipped.get());
        m.put("bytes_in", bytesIn.get());
        m.put("bytes_out", bytesOut.get());
        m.put("writes", writes.get());
        m.put("writes_dropped", writesDropped.get());
        return m;
    }
}
