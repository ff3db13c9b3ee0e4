package dev.zccache.store;

import java.util.Map;

/**
 * The outputs of one successful compile, by blob digest: what a hit delivers. Failed compiles
 * are never stored (their status and diagnostics must come from a real run).
 *
 * @param outputs blob digest per output role ("object", "depfile")
 * @param stdout blob digest of the compiler's stdout, or "" when it wrote nothing
 * @param stderr blob digest of the compiler's stderr, or "" (warnings are replayed on every hit)
 * @param object the object path (as given) the compile wrote: a stored dependency file names
 *     it, and a hit for another -o rewrites that name
 * @param compileMillis how long the real compile took: the time a hit saves
 * @param base the base directory the compile's paths were remapped from (ZCCACHE_BASE_DIR), or
 *     null: a stored dependency file names it, and a hit under another base rewrites it
 */
public record ResultEntry(Map<String, String> outputs, String stdout, String stderr, String object,
        long compileMillis, String base) {

    public ResultEntry(Map<String, String> outputs, String stdout, String stderr, String object, long compileMillis) {
        this(outputs, stdout, stderr, object, compileMillis, null);
    }
}
