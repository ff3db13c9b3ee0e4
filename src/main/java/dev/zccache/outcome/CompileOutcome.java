package dev.zccache.outcome;

import java.util.Locale;
import java.util.Objects;

/**
 * What became of one compile request, as the counters, sessions and the journal see it.
 *
 * @param reason for a miss what changed, for an uncacheable call why, for an error what failed;
 *     null on a hit
 * @param detail a sentence (or lines) a person can act on; empty on a hit
 * @param savedMillis on a hit, the compile time the stored result cost when it was made
 * @param contextKey the context key of a cacheable compile, else empty
 */
public record CompileOutcome(Kind kind, Reason reason, String detail, long savedMillis, String contextKey) {

    public enum Kind {
        HIT, MISS, UNCACHEABLE, ERROR;

        /** The name in stats, journal and JSON. */
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public CompileOutcome {
        Objects.requireNonNull(kind);
        if (kind == Kind.HIT ? reason != null : reason == null || reason.kind() != kind) {
            throw new IllegalArgumentException(kind + " with reason " + reason);
        }
    }

    public static CompileOutcome hit(long savedMillis, String contextKey) {
        return new CompileOutcome(Kind.HIT, null, "", savedMillis, contextKey);
    }

    public static CompileOutcome miss(Reason reason, String detail, String contextKey) {
        return new CompileOutcome(Kind.MISS, reason, detail, 0, contextKey);
    }

    public static CompileOutcome uncacheable(Reason reason, String detail) {
        return new CompileOutcome(Kind.UNCACHEABLE, reason, detail, 0, "");
    }

    public static CompileOutcome error(Reason reason, String detail) {
        return new CompileOutcome(Kind.ERROR, reason, detail, 0, "");
    }

    /** The reason's stable id, or "" on a hit. */
    public String reasonId() {
        return reason == null ? "" : reason.id();
    }

    /** The same outcome, known to belong to this context key. */
    public CompileOutcome withContextKey(String key) {
        return new CompileOutcome(kind, reason, detail, savedMillis, key);
    }
}
