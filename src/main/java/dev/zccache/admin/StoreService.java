package dev.zccache.admin;

import dev.zccache.store.LocalStore;
import java.io.IOException;
import java.util.Locale;
import org.springframework.stereotype.Service;

/** {@code zccache clear} and {@code zccache trim SIZE}: making the store smaller now. */
@Service
final class StoreService {

    private final LocalStore store;

    public StoreService(LocalStore store) {
        this.store = store;
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
