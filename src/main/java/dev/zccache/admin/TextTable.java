package dev.zccache.admin;

import java.util.Locale;

/** The two-column layout every human-readable admin answer shares. */
final class TextTable {

    private final StringBuilder out = new StringBuilder();

    TextTable row(String name, Object value) {
        out.append(String.format(Locale.ROOT, "%-30s %20s%n", name, value));
        return this;
    }

    /** A left-aligned value (paths, sentences) that would not fit the right-aligned column. */
    TextTable line(String name, Object value) {
        out.append(String.format(Locale.ROOT, "%-12s %s%n", name, value));
        return this;
    }

    @Override
    public String toString() {
        return out.toString();
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

    static String percent(double rate) {
        return String.format(Locale.ROOT, "%.1f %%", 100 * rate);
    }

    static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }
}
