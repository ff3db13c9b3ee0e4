package dev.zccache.admin;

import dev.zccache.stats.CompileStats;
import dev.zccache.store.LocalStore;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

/** {@code zccache stats}: the counters and the store's size, as a small table or as JSON. */
@Service
public final class StatsService {

    private final CompileStats stats;
    private final LocalStore store;
    private final JsonMapper json;

    public StatsService(CompileStats stats, LocalStore store, JsonMapper json) {
        this.stats = stats;
        this.store = store;
        this.json = json;
    }

    /** Field names are the documented, stable `stats --json` format (HELP.md). */
    public Map<String, Object> stats() {
        CompileStats.Snapshot s = stats.snapshot();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("hits", s.hits());
        m.put("misses", s.misses());
        m.put("hit_rate", hitRate(s));
        m.put("uncacheable", s.uncacheable());
        m.put("uncacheable_reasons", s.uncacheableReasons());
        m.put("errors", s.errors());
        m.put("entries", store.entries());
        m.put("size_bytes", store.sizeBytes());
        m.put("budget_bytes", store.budgetBytes());
        m.put("evictions", store.evictions());
        m.put("time_saved_ms", s.timeSavedMs());
        return m;
    }

    public String render(boolean asJson) {
        Map<String, Object> m = stats();
        if (asJson) {
            return json.writeValueAsString(m) + "\n";
        }
        CompileStats.Snapshot s = stats.snapshot();
        StringBuilder out = new StringBuilder();
        row(out, "hits", Long.toString(s.hits()));
        row(out, "misses", Long.toString(s.misses()));
        row(out, "hit rate", String.format(Locale.ROOT, "%.1f %%", 100 * hitRate(s)));
        row(out, "uncacheable", Long.toString(s.uncacheable()));
        s.uncacheableReasons().forEach((reason, n) -> row(out, "  " + reason, Long.toString(n)));
        row(out, "errors", Long.toString(s.errors()));
        row(out, "entries", Long.toString(store.entries()));
        row(out, "size", bytes(store.sizeBytes()) + " of " + bytes(store.budgetBytes()));
        row(out, "evictions", Long.toString(store.evictions()));
        row(out, "time saved", String.format(Locale.ROOT, "%.1f s", s.timeSavedMs() / 1000.0));
        return out.toString();
    }

    public void zero() {
        stats.zero();
    }

    private static double hitRate(CompileStats.Snapshot s) {
        long lookups = s.hits() + s.misses();
        return lookups == 0 ? 0 : (double) s.hits() / lookups;
    }

    private static void row(StringBuilder out, String name, String value) {
        out.append(String.format(Locale.ROOT, "%-24s %24s%n", name, value));
    }

    static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = n;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }
}
