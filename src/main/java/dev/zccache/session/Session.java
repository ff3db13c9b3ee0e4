package dev.zccache.session;

import dev.zccache.outcome.CompileOutcome;
import dev.zccache.stats.Counters;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/** One build's counters: compiles whose environment carries its ZCCACHE_SESSION_ID. */
public final class Session {

    private final String id;
    private final Instant started;
    private final Path journal;
    private final Counters counters = new Counters();
    private volatile Instant ended;
    private final Runnable changed;

    /** @param changed told after each count (the counts are saved soon after) */
    Session(String id, Instant started, Path journal, Runnable changed) {
        this.id = id;
        this.started = started;
        this.journal = journal;
        this.changed = changed;
    }

    public String id() {
        return id;
    }

    public Instant started() {
        return started;
    }

    /** Where this session's compiles are journaled too, if it asked for that. */
    public Optional<Path> journal() {
        return Optional.ofNullable(journal);
    }

    public Optional<Instant> ended() {
        return Optional.ofNullable(ended);
    }

    public void count(CompileOutcome outcome) {
        counters.count(outcome);
        changed.run();
    }

    public Counters.Snapshot snapshot() {
        return counters.snapshot();
    }

    void restore(Counters.Snapshot saved) {
        counters.add(saved);
    }

    void end(Instant when) {
        ended = when;
    }
}
