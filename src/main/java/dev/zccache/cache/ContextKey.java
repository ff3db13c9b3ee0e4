package dev.zccache.cache;

import dev.zccache.compiler.PathMap;

/**
 * The key of everything about a compile except its include closure: compiler identity, the
 * ordered arguments, cwd, keyed environment, files named by options. Names a manifest.
 *
 * @param key 64 hex digits
 * @param dump the fields that went into it, one per line (for explain)
 * @param paths how paths under the call's base directory are keyed and recorded (NONE: absolute)
 */
public record ContextKey(String key, String dump, PathMap paths) {

    public ContextKey(String key, String dump) {
        this(key, dump, PathMap.NONE);
    }
}
