package dev.zccache.compiler;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Every registered {@link ToolFamily} (each a bean), found by a tool's file name. */
public final class ToolFamilies {

    private final Map<String, ToolFamily> byDriver = new HashMap<>();
    private final List<String> keyedVariables;

    public ToolFamilies(List<ToolFamily> families) {
        Set<String> variables = new LinkedHashSet<>();
        for (ToolFamily f : families) {
            for (String driver : f.drivers()) {
                ToolFamily before = byDriver.put(driver, f);
                if (before != null) {
                    throw new IllegalStateException(driver + " is claimed by " + before.name() + " and " + f.name());
                }
            }
            variables.addAll(f.keyedVariables());
        }
        this.keyedVariables = List.copyOf(new ArrayList<>(variables));
    }

    /** What a tool is, by its path's file name. */
    public sealed interface Recognised {
    }

    public record Cached(ToolFamily family) implements Recognised {
    }

    public record Unknown() implements Recognised {
    }

    public Recognised recognise(String toolPath) {
        String driver = driverName(toolPath);
        ToolFamily f = byDriver.get(driver);
        if (f != null) {
            return new Cached(f);
        }
        return new Unknown();
    }

    /** Every family's keyed variables: the only ones the journal keeps of a caller's environment. */
    public List<String> keyedVariables() {
        return keyedVariables;
    }

    /**
     * The driver a tool's path names: {@code gcc} for {@code x86_64-linux-gnu-gcc-12},
     * {@code clang++} for {@code /usr/bin/clang++-14}: an optional target prefix ending in '-',
     * the driver name, an optional version suffix of digits and dots.
     */
    static String driverName(String path) {
        String name = stripVersion(path.substring(path.lastIndexOf('/') + 1));
        int dash = name.lastIndexOf('-');
        return dash >= 0 ? name.substring(dash + 1) : name;
    }

    /** "gcc-12" -> "gcc", "clang++-14.0" -> "clang++"; names without such a suffix are unchanged. */
    private static String stripVersion(String name) {
        int dash = name.lastIndexOf('-');
        if (dash <= 0 || dash == name.length() - 1) {
            return name;
        }
        for (int i = dash + 1; i < name.length(); i++) {
            char c = name.charAt(i);
            if ((c < '0' || c > '9') && c != '.') {
                return name;
            }
        }
        return name.substring(0, dash);
    }
}
