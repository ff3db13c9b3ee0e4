package dev.zccache.admin;

import dev.zccache.session.Session;
import dev.zccache.session.Sessions;
import dev.zccache.stats.Counters;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

/** {@code session-start}, {@code session-stats}, {@code session-end} and {@code sessions}: per-build counters. */
@Service
final class SessionService {

    private final Sessions sessions;
    private final JsonMapper json;

    public SessionService(Sessions sessions, JsonMapper json) {
        this.sessions = sessions;
        this.json = json;
    }

    /** Always JSON: a build script reads session_id from it. */
    public String start(Path journal) {
        Session s = sessions.start(journal);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("session_id", s.id());
        m.put("started", s.started().toString());
        m.put("journal", journal == null ? null : journal.toString());
        m.put("env", "ZCCACHE_SESSION_ID=" + s.id());
        return json.writeValueAsString(m) + "\n";
    }

    public Optional<String> stats(String id, boolean asJson) {
        return sessions.get(id).map(s -> render(s, asJson));
    }

    public Optional<String> end(String id, boolean asJson) {
        return sessions.end(id).map(s -> render(s, asJson));
    }

    public String list(boolean asJson) {
        List<Session> open = sessions.list();
        if (asJson) {
            return json.writeValueAsString(open.stream().map(SessionService::report).toList()) + "\n";
        }
        if (open.isEmpty()) {
            return "no open sessions\n";
        }
        StringBuilder out = new StringBuilder(String.format("%-18s %-26s %8s %8s %8s%n", "session", "started",
                "hits", "misses", "other"));
        for (Session s : open) {
            Counters.Snapshot c = s.snapshot();
            out.append(String.format("%-18s %-26s %8d %8d %8d%n", s.id(), s.started(), c.hits(), c.misses(),
                    c.uncacheable() + c.errors()));
        }
        return out.toString();
    }

    /** Field names are the documented, stable session report (HELP.md). */
    static Map<String, Object> report(Session s) {
        Counters.Snapshot c = s.snapshot();
        Instant end = s.ended().orElse(Instant.now());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("session_id", s.id());
        m.put("started", s.started().toString());
        m.put("ended", s.ended().map(Instant::toString).orElse(null));
        m.put("duration_ms", Duration.between(s.started(), end).toMillis());
        m.put("journal", s.journal().map(Path::toString).orElse(null));
        m.put("requests", c.requests());
        m.put("hits", c.hits());
        m.put("misses", c.misses());
        m.put("hit_rate", c.hitRate());
        m.put("uncacheable", c.uncacheable());
        m.put("uncacheable_reasons", c.uncacheableReasons());
        m.put("errors", c.errors());
        m.put("time_saved_ms", c.timeSavedMs());
        return m;
    }

    private String render(Session s, boolean asJson) {
        if (asJson) {
            return json.writeValueAsString(report(s)) + "\n";
        }
        Counters.Snapshot c = s.snapshot();
        TextTable t = StatsService.addCounters(new TextTable().row("session", s.id()).row("requests", c.requests()), c);
        Instant end = s.ended().orElse(Instant.now());
        t.row("duration", TextTable.seconds(Duration.between(s.started(), end).toMillis()));
        return t.toString();
    }
}
