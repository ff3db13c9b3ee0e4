package dev.zccache.admin;

import dev.zccache.protocol.Reply;
import dev.zccache.store.LocalStore;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

/** {@code zccache clear} and {@code zccache trim SIZE}: making the store smaller now. */
@Service
final class StoreService {

    private final LocalStore store;
    private final JsonMapper json;

    public StoreService(LocalStore store, JsonMapper json) {
        this.store = store;
        this.json = json;
    }

    /** {@code zccache verify [--repair] [--json]}: exit 0 when the store is sound or was repaired, 1 otherwise. */
    public Reply.Result verify(boolean repair, boolean asJson) throws IOException {
        LocalStore.Verification v = store.verify(repair);
        boolean sound = v.problemCount() == 0;
        int code = sound || v.repaired() ? 0 : 1;
        if (asJson) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("checked", v.checked());
            out.put("problems", v.problems());
            out.put("examples", v.examples());
            out.put("sound", sound);
            out.put("repaired", v.repaired());
            return new Reply.Result(code, json.writeValueAsString(out) + "\n");
        }
        StringBuilder t = new StringBuilder();
        t.append(String.format(Locale.ROOT, "checked %d blobs, %d results, %d manifests%n",
                v.checked().getOrDefault("blobs", 0L), v.checked().getOrDefault("results", 0L),
                v.checked().getOrDefault("manifests", 0L)));
        v.problems().forEach((what, n) -> {
            if (n > 0) {
                t.append(String.format(Locale.ROOT, "  %6d %s%n", n, what));
            }
        });
        for (String e : v.examples()) {
            t.append("    ").append(e).append('\n');
        }
        if (sound) {
            t.append("the store is sound\n");
        } else if (v.repaired()) {
            t.append("repaired: damaged files removed, the index corrected; their next compiles are misses\n");
        } else {
            t.append(v.problemCount()).append(" problems: zccache verify --repair removes them\n");
        }
        return new Reply.Result(code, t.toString());
    }

    public String clear() throws IOException {
        store.clear();
        return "cache cleared\n";
    }

    public String trim(long targetBytes) {
        long before = store.sizeBytes();
        long entriesBefore = store.entries();
        store.trimTo(targetBytes);
        long after = store.sizeBytes();
        return String.format(Locale.ROOT, "trimmed %s to %s (%d entries removed, %d left)%n",
                TextTable.bytes(before), TextTable.bytes(after), Math.max(0, entriesBefore - store.entries()),
                store.entries());
    }

    /**
     * A size as people write it: bytes, or with a suffix K, M, G, T (powers of 1024; KiB, MB and
     * the like are read the same way).
     */
    static long parseSize(String text) {
        String t = text.trim().toUpperCase(Locale.ROOT);
        if (t.endsWith("IB")) {
            t = t.substring(0, t.length() - 2);
        } else if (t.endsWith("B")) {
            t = t.substring(0, t.length() - 1);
        }
        long unit = 1;
        if (!t.isEmpty()) {
            switch (t.charAt(t.length() - 1)) {
                case 'K' -> unit = 1L << 10;
                case 'M' -> unit = 1L << 20;
                case 'G' -> unit = 1L << 30;
                case 'T' -> unit = 1L << 40;
                default -> unit = 1;
            }
        }
        if (unit != 1) {
            t = t.substring(0, t.length() - 1);
        }
        double v = Double.parseDouble(t.trim());
        if (v < 0 || Double.isNaN(v) || Double.isInfinite(v)) {
            throw new NumberFormatException(text);
        }
        return (long) (v * unit);
    }
}
