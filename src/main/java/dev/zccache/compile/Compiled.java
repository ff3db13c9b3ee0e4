package dev.zccache.compile;

import dev.zccache.compiler.Refusal;
import dev.zccache.outcome.CompileOutcome;
import dev.zccache.protocol.Reply;

/** The reply for the launcher and what became of the compile (for stats, journal, explain). */
record Compiled(Reply reply, CompileOutcome outcome) {

    /** Not cacheable, known before anything ran: the launcher runs it, with the reason. */
    public static Compiled uncacheable(Refusal refusal) {
        return new Compiled(new Reply.RunLocally("uncacheable: " + refusal.reason().id() + " (" + refusal.detail() + ")"),
                CompileOutcome.uncacheable(refusal.reason(), refusal.detail()));
    }
}
