package dev.zccache.stats;

import java.util.Locale;

/**
 * What became of one compile request, as the counters, sessions and the journal see it.
 *
 * @param reason for a miss what changed (e.g. {@code header-changed}), for an uncacheable call
 *     the stats reason (e.g. {@code link}), for an error what failed; empty on a hit
 * @param detail a sentence (or lines) a person can act on; empty on a hit
 * @param savedMillis on a hit, the compile time the stored result cost when it was made
 * @param contextKey the context key of a cacheable compile, else empty
 */
public record CompileOutcome(Kind kind, String reason, String detail, long savedMillis, String contextKey) {

    public enum Kind {
        HIT, MISS, UNCACHEABLE, ERROR;

        /** The name in stats, journal and JSON. */
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public static CompileOutcome hit(long savedMillis, String contextKey) {
        return new CompileOutcome(Kind.HIT, "", "", savedMillis, contextKey);
    }

    public static CompileOutcome miss(String reason, String detail, String contextKey) {
        return new CompileOutcome(Kind.MISS, reason, detail, 0, contextKey);
    }

    public static CompileOutcome uncacheable(String reason, String detail) {
        return new CompileOutcome(Kind.UNCACHEABLE, reason, detail, 0, "");
    }

    public static CompileOutcome error(String reason, String detail) {
        return new CompileOutcome(Kind.ERROR, reason, detail, 0, "");
    }

    /** The same outcome, known to belong to this context key. */
    public CompileOutcome withContextKey(String key) {
        return new CompileOutcome(kind, reason, detail, savedMillis, key);
    }
}
