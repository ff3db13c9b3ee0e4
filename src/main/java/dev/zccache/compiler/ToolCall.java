package dev.zccache.compiler;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One call of a tool as the launcher sent it.
 *
 * @param tool the tool's absolute path, as the launcher resolved it
 * @param argv argv[0] (the tool) and the arguments as given
 * @param cwd where it runs
 * @param env the caller's environment
 * @param pathMap the call's path remapping ({@code ZCCACHE_BASE_DIR}), worked out once (with
 *     {@code auto}, a walk up from the cwd); its family says whether it applies
 */
public record ToolCall(String tool, List<String> argv, Path cwd, Map<String, String> env, PathMap pathMap) {

    public ToolCall(String tool, List<String> argv, Path cwd, Map<String, String> env) {
        this(tool, argv, cwd, env, PathMap.forCall(env, cwd));
    }

    /** Set in the environment of every tool zccache runs, so that a tool calling zccache does not loop. */
    public static final String NESTED_VARIABLE = "ZCCACHE_NESTED";

    /** The arguments after argv[0]. */
    public List<String> args() {
        return argv.subList(1, argv.size());
    }

    /** The environment a tool run for this call gets: the caller's, marked as nested. */
    public Map<String, String> runEnvironment() {
        Map<String, String> out = new HashMap<>(env);
        out.put(NESTED_VARIABLE, "1");
        return out;
    }
}
