package dev.zccache.cache;

import java.util.Map;

/**
 * The outputs of one successful compile, by blob digest: what a hit delivers. Failed compiles
 * are never stored (their status and diagnostics must come from a real run).
 *
 * @param outputs blob digest per output role ("object", "depfile", and later "gcno", "dwo", "su")
 * @param stdout blob digest of the compiler's stdout
 * @param stderr blob digest of the compiler's stderr (warnings are replayed on every hit)
 * @param compileMillis how long the real compile took: the time a hit saves
 */
public record ResultEntry(Map<String, String> outputs, String stdout, String stderr, long compileMillis) {
}
