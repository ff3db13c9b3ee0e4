package dev.zccache.admin;

import dev.zccache.stats.CompileStats;
import dev.zccache.stats.Counters;
import dev.zccache.store.LocalStore;
import dev.zccache.store.remote.RemoteTier;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

/** {@code zccache stats}: the counters and the store's size, as a small table or as JSON. */
@Service
final class StatsService {

    private final CompileStats stats;
    private final LocalStore store;
    private final JsonMapper json;
    private final RemoteTier remote;

    public StatsService(CompileStats stats, LocalStore store, JsonMapper json, RemoteTier remote) {
        this.stats = stats;
        this.store = store;
        this.json = json;
        this.remote = remote;
    }

    /** Field names are the documented, stable `stats --json` format (HELP.md). */
    public Map<String, Object> stats() {
        Counters.Snapshot s = stats.snapshot();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("hits", s.hits());
        m.put("misses", s.misses());
        m.put("hit_rate", s.hitRate());
        m.put("uncacheable", s.uncacheable());
        m.put("uncacheable_reasons", s.uncacheableReasons());
        m.put("errors", s.errors());
        m.put("entries", store.entries());
        m.put("size_bytes", store.sizeBytes());
        m.put("budget_bytes", store.budgetBytes());
        m.put("evictions", store.evictions());
        m.put("time_saved_ms", s.timeSavedMs());
        m.put("steps", s.stepsOrNone());
        if (remote.enabled()) {
            m.put("remote", remote());
        }
        return m;
    }

    /** The remote's counters since the daemon started (not saved: they describe this daemon's remote). */
    private Map<String, Object> remote() {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("url", remote.describe());
        r.put("status", remote.status());
        r.put("read_only", remote.readOnly());
        r.put("connected", remote.connected());
        r.putAll(remote.counters().snapshot());
        return r;
    }

    public String render(boolean asJson) {
        if (asJson) {
            return json.writeValueAsString(stats()) + "\n";
        }
        TextTable t = addCounters(new TextTable(), stats.snapshot()).row("entries", store.entries())
                .row("size", TextTable.bytes(store.sizeBytes()) + " of " + TextTable.bytes(store.budgetBytes()))
                .row("evictions", store.evictions());
        if (remote.enabled()) {
            Map<String, Long> c = remote.counters().snapshot();
            t.row("remote", remote.describe() + " (" + remote.status() + (remote.readOnly() ? ", read-only" : "") + ")")
                    .row("  hits", c.get("hits") + ", misses " + c.get("misses"))
                    .row("  errors", c.get("errors") + ", timeouts " + c.get("timeouts") + ", rejected "
                            + c.get("rejected") + ", skipped " + c.get("skipped"))
                    .row("  bytes", TextTable.bytes(c.get("bytes_in")) + " in, " + TextTable.bytes(c.get("bytes_out"))
                            + " out")
                    .row("  writes", c.get("writes") + ", dropped " + c.get("writes_dropped"));
        }
        return t.toString();
    }

    /** The counters' rows, shared with session reports. */
    static TextTable addCounters(TextTable t, Counters.Snapshot s) {
        t.row("hits", s.hits())
                .row("misses", s.misses())
                .row("hit rate", TextTable.percent(s.hitRate()));
        if (s.stepsOrNone().keySet().stream().anyMatch(step -> !step.equals("compile"))) {
            // links and archives on their own lines, once there are any
            s.stepsOrNone().forEach((step, c) -> t.row("  " + step + "s", c.hits() + " hits, " + c.misses() + " misses"));
        }
        t.row("uncacheable", s.uncacheable());
        s.uncacheableReasons().forEach((reason, n) -> t.row("  " + reason, n));
        return t.row("errors", s.errors()).row("time saved", TextTable.seconds(s.timeSavedMs()));
    }

    public void zero() {
        stats.zero();
    }
}
