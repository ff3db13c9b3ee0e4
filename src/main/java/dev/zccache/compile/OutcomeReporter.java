package dev.zccache.compile;

import dev.zccache.stats.RequestMeters;
import dev.zccache.compiler.ToolFamilies;
import dev.zccache.journal.CompileEvent;
import dev.zccache.journal.CompileJournal;
import dev.zccache.journal.LatestCompiles;
import dev.zccache.protocol.Request;
import dev.zccache.session.Session;
import dev.zccache.session.Sessions;
import dev.zccache.outcome.CompileOutcome;
import dev.zccache.stats.CompileStats;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.springframework.stereotype.Component;

/**
 * Where the outcome of every compile request goes: the counters, the request's session, the
 * journal and what explain remembers. The one place that knows all of them.
 */
@Component
public final class OutcomeReporter {

    /** Set by a build to count its compiles toward a session (zccache session-start). */
    public static final String SESSION_VARIABLE = "ZCCACHE_SESSION_ID";

    private final CompileStats stats;
    private final Sessions sessions;
    private final CompileJournal journal;
    private final LatestCompiles latest;
    private final RequestMeters meters;
    private final ToolFamilies families;

    public OutcomeReporter(CompileStats stats, Sessions sessions, CompileJournal journal, LatestCompiles latest,
            RequestMeters meters, ToolFamilies families) {
        this.meters = meters;
        this.families = families;
        this.stats = stats;
        this.sessions = sessions;
        this.journal = journal;
        this.latest = latest;
    }

    /**
     * @param source the absolute path of the call's source, when its arguments name one (else null)
     * @param output the absolute path of the call's output, when its arguments name one (else null)
     * @param exitCode the compiler's status, or null when the launcher runs the compiler
     */
    public void report(Request.Compile request, String source, String output, CompileOutcome outcome, Integer exitCode,
            long latencyNs) {
        report(request, source, output, outcome, exitCode, latencyNs, null);
    }

    /** @param step the kind of build step ("compile", "link", "archive"; null when not known) */
    public void report(Request.Compile request, String source, String output, CompileOutcome outcome, Integer exitCode,
            long latencyNs, String step) {
        stats.count(outcome, step);
        meters.record(outcome.kind(), latencyNs);
        String sessionId = request.env().get(SESSION_VARIABLE);
        Optional<Session> session = sessions.get(sessionId);
        session.ifPresent(s -> s.count(outcome));
        CompileEvent event = event(request, source, output, outcome, exitCode, latencyNs, sessionId,
                allowedEnvironment(request.env(), families.keyedVariables()));
        latest.record(event);
        journal.append(event, session.flatMap(Session::journal));
    }

    static CompileEvent event(Request.Compile request, String source, String output, CompileOutcome outcome,
            Integer exitCode, long latencyNs, String sessionId, Map<String, String> env) {
        List<String> argv = request.argv();
        boolean hit = outcome.kind() == CompileOutcome.Kind.HIT;
        return new CompileEvent(
                Instant.now().toString(),
                outcome.kind().id(),
                hit ? null : outcome.reasonId(),
                hit ? null : outcome.detail(),
                request.compiler(),
                argv.subList(1, argv.size()),
                request.cwd(),
                source,
                output,
                exitCode,
                latencyNs,
                sessionId,
                outcome.contextKey().isEmpty() ? null : outcome.contextKey(),
                env);
    }

    /** Only variables that change what a compiler produces: never credentials or tokens. */
    static Map<String, String> allowedEnvironment(Map<String, String> env, List<String> keyed) {
        Map<String, String> out = new TreeMap<>();
        for (String name : keyed) {
            String v = env.get(name);
            if (v != null) {
                out.put(name, v);
            }
        }
        return out;
    }
}
