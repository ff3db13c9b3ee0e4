package dev.zccache.cache;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The environment variables that can change what a C/C++ compiler produces (DESIGN.md §3):
 * include and library paths, the driver's own lookup paths, reproducible-build time,
 * dependency-output side channels and the locale of diagnostics (LC_CTYPE picks the quote
 * characters gcc prints). Only these enter the key;
 * everything else (PATH, HOME, build-system noise) would only cost hits.
 */
public final class KeyedEnvironment {

    public static final Set<String> C_FAMILY = Set.of(
            "CPATH", "C_INCLUDE_PATH", "CPLUS_INCLUDE_PATH", "OBJC_INCLUDE_PATH", "LIBRARY_PATH",
            "GCC_EXEC_PREFIX", "COMPILER_PATH", "SOURCE_DATE_EPOCH", "DEPENDENCIES_OUTPUT",
            "SUNPRO_DEPENDENCIES", "LANG", "LC_ALL", "LC_MESSAGES", "LC_CTYPE", "GCC_COMPARE_DEBUG");

    private KeyedEnvironment() {
    }

    /** "NAME=value" for each keyed variable that is set, sorted by name (set-ness counts). */
    public static List<String> forCFamily(Map<String, String> env) {
        Map<String, String> kept = new TreeMap<>();
        for (String name : C_FAMILY) {
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
