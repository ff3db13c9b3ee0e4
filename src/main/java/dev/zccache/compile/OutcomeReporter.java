package dev.zccache.compile;

import dev.zccache.admin.RequestMeters;
import dev.zccache.cache.KeyedEnvironment;
import dev.zccache.compiler.gcc.GccInvocation;
import dev.zccache.journal.CompileEvent;
import dev.zccache.journal.CompileJournal;
import dev.zccache.journal.LatestCompiles;
import dev.zccache.protocol.Request;
import dev.zccache.session.Session;
import dev.zccache.session.Sessions;
import dev.zccache.stats.CompileOutcome;
import dev.zccache.stats.CompileStats;
import java.nio.file.Path;
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

    public OutcomeReporter(CompileStats stats, Sessions sessions, CompileJournal journal, LatestCompiles latest,
            RequestMeters meters) {
        this.meters = meters;
        this.stats = stats;
        this.sessions = sessions;
        this.journal = journal;
        this.latest = latest;
    }

    /**
     * @param invocation the parsed compile, when the arguments were understood
     * @param exitCode the compiler's status, or null when the launcher runs the compiler
     */
    public void report(Request.Compile request, GccInvocation invocation, CompileOutcome outcome, Integer exitCode,
            long latencyNs) {
        stats.count(outcome);
        meters.record(outcome.kind(), latencyNs);
        String sessionId = request.env().get(SESSION_VARIABLE);
        Optional<Session> session = sessions.get(sessionId);
        session.ifPresent(s -> s.count(outcome));
        CompileEvent event = event(request, invocation, outcome, exitCode, latencyNs, sessionId);
        latest.record(event);
        journal.append(event, session.flatMap(Session::journal));
    }

    static CompileEvent event(Request.Compile request, GccInvocation invocation, CompileOutcome outcome,
            Integer exitCode, long latencyNs, String sessionId) {
        Path cwd = Path.of(request.cwd());
        List<String> argv = request.argv();
        boolean hit = outcome.kind() == CompileOutcome.Kind.HIT;
        return new CompileEvent(
                Instant.now().toString(),
                outcome.kind().id(),
                hit ? null : outcome.reason(),
                hit ? null : outcome.detail(),
                request.compiler(),
                argv.subList(1, argv.size()),
                request.cwd(),
                invocation == null ? null : cwd.resolve(invocation.source()).normalize().toString(),
                invocation == null ? namedOutput(argv, cwd) : cwd.resolve(invocation.output()).normalize().toString(),
                exitCode,
                latencyNs,
                sessionId,
                outcome.contextKey().isEmpty() ? null : outcome.contextKey(),
                allowedEnvironment(request.env()));
    }

    /**
     * The -o file of a call whose arguments were not understood as a compile (a link, -E -o):
     * enough for `zccache explain` to find it by its output; null without -o.
     */
    static String namedOutput(List<String> argv, Path cwd) {
        String out = null;
        for (int i = 1; i < argv.size(); i++) {
            String a = argv.get(i);
            if (a.equals("-o") && i + 1 < argv.size()) {
                out = argv.get(++i);
            } else if (a.startsWith("-o") && a.length() > 2) {
                out = a.substring(2);
            }
        }
        return out == null ? null : cwd.resolve(out).normalize().toString();
    }

    /** Only variables that change what a compiler produces: never credentials or tokens. */
    static Map<String, String> allowedEnvironment(Map<String, String> env) {
        Map<String, String> out = new TreeMap<>();
        for (String name : KeyedEnvironment.C_FAMILY) {
            String v = env.get(name);
            if (v != null) {
                out.put(name, v);
            }
        }
        return out;
    }
}
