package dev.zccache.stats;

import dev.zccache.outcome.CompileOutcome;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;

/** Hits, misses, uncacheable calls per reason, errors and time saved; cheap to bump from any thread. */
public final class Counters {

    /** The counted values; field names are the stable `stats --json` names. */
    public record Snapshot(long hits, long misses, long uncacheable, Map<String, Long> uncacheableReasons,
            long errors, long timeSavedMs, Map<String, StepCounts> steps) {

        /** Never null (counts saved before steps were kept have none). */
        public Map<String, StepCounts> stepsOrNone() {
            return steps == null ? Map.of() : steps;
        }

        /** Hits over lookups (hits + misses); 0 before the first lookup. */
        public double hitRate() {
            long lookups = hits + misses;
            return lookups == 0 ? 0 : (double) hits / lookups;
        }

        public long requests() {
            return hits + misses + uncacheable + errors;
        }
    }

    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final LongAdder savedMs = new LongAdder();
    private final ConcurrentMap<String, LongAdder> uncacheable = new ConcurrentHashMap<>();
    /** Hits and misses per kind of build step ("compile", "link", "archive"). */
    private final ConcurrentMap<String, LongAdder[]> steps = new ConcurrentHashMap<>();

    /** Hits and misses of one kind of build step. */
    public record StepCounts(long hits, long misses) {
    }

    /** Counts an outcome, and for a hit or miss its kind of step (null: not known, only the totals). */
    public void count(CompileOutcome outcome, String step) {
        count(outcome);
        if (step != null && (outcome.kind() == CompileOutcome.Kind.HIT || outcome.kind() == CompileOutcome.Kind.MISS)) {
            step(step, outcome.kind() == CompileOutcome.Kind.HIT ? 1 : 0, outcome.kind() == CompileOutcome.Kind.MISS ? 1 : 0);
        }
    }

    private void step(String step, long hits, long misses) {
        LongAdder[] c = steps.computeIfAbsent(step, s -> new LongAdder[] {new LongAdder(), new LongAdder()});
        c[0].add(hits);
        c[1].add(misses);
    }

    public void count(CompileOutcome outcome) {
        switch (outcome.kind()) {
            case HIT -> hit(outcome.savedMillis());
            case MISS -> misses.increment();
            case UNCACHEABLE -> uncacheable(outcome.reasonId(), 1);
            case ERROR -> errors.increment();
        }
    }

    void hit(long savedMillis) {
        hits.increment();
        savedMs.add(savedMillis);
    }

    void miss() {
        misses.increment();
    }

    void error() {
        errors.increment();
    }

    void uncacheable(String reason, long n) {
        uncacheable.computeIfAbsent(reason, r -> new LongAdder()).add(n);
    }

    public Snapshot snapshot() {
        Map<String, Long> reasons = new TreeMap<>();
        long total = 0;
        for (Map.Entry<String, LongAdder> e : uncacheable.entrySet()) {
            long n = e.getValue().sum();
            if (n > 0) {
                reasons.put(e.getKey(), n);
                total += n;
            }
        }
        Map<String, StepCounts> perStep = new TreeMap<>();
        steps.forEach((step, c) -> perStep.put(step, new StepCounts(c[0].sum(), c[1].sum())));
        return new Snapshot(hits.sum(), misses.sum(), total, reasons, errors.sum(), savedMs.sum(), perStep);
    }

    void reset() {
        hits.reset();
        misses.reset();
        errors.reset();
        savedMs.reset();
        uncacheable.clear();
        steps.clear();
    }

    /** Adds saved counts (restoring them after a restart). */
    public void add(Snapshot s) {
        hits.add(s.hits());
        misses.add(s.misses());
        errors.add(s.errors());
        savedMs.add(s.timeSavedMs());
        if (s.uncacheableReasons() != null) {
            s.uncacheableReasons().forEach(this::uncacheable);
        }
        s.stepsOrNone().forEach((step, c) -> step(step, c.hits(), c.misses()));
    }
}
