package dev.zccache.compiler;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The part of a caller's environment a family keys: only the variables that change what its
 * tools produce (a family's {@link ToolFamily#keyedVariables()}); everything else (PATH, HOME,
 * build-system noise) would only cost hits.
 */
public final class KeyedEnvironment {

    private KeyedEnvironment() {
    }

    /** "NAME=value" for each of {@code names} that is set, sorted by name (set-ness counts: unset is not empty). */
    public static List<String> select(Collection<String> names, Map<String, String> env) {
        Map<String, String> kept = new TreeMap<>();
        for (String name : names) {
            String v = env.get(name);
            if (v != null) {
                kept.put(name, v);
            }
        }
        List<String> out = new ArrayList<>(kept.size());
        kept.forEach((k, v) -> out.add(k + "=" + v));
        return out;
    }
}
