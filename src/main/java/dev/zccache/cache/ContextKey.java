package dev.zccache.cache;

/**
 * The key of everything about a compile except its include closure: compiler identity, the
 * ordered arguments, cwd, keyed environment, files named by options. Names a manifest.
 *
 * @param key 64 hex digits
 * @param dump the fields that went into it, one per line (for explain)
 */
public record ContextKey(String key, String dump) {
}
