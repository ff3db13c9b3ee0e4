package dev.zccache.journal;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * One line of the compile journal: what one compile request asked for and what became of it.
 * The field names are the documented, stable journal format (HELP.md).
 *
 * @param ts when the answer was given, ISO-8601 UTC
 * @param outcome hit, miss, uncacheable or error
 * @param missReason why the cache did not serve it (a stable id): for a miss what changed, for an
 *     uncacheable call why it cannot be cached, for an error what failed; null on a hit
 * @param detail the same for a person: the header, argument or variable that changed
 * @param compiler the compiler's absolute path
 * @param args the arguments after the compiler, as given
 * @param source the source file (absolute) when the arguments name one
 * @param output the object file (absolute) when the arguments name one
 * @param exitCode the compiler's exit status; null when the launcher ran the compiler itself
 * @param latencyNs from the request's arrival to its answer, in the daemon
 * @param sessionId ZCCACHE_SESSION_ID of the request, if any
 * @param contextKey the context key of a cacheable compile (for explain)
 * @param env environment variables from a fixed allowlist only (never secrets)
 */
public record CompileEvent(
        String ts,
        String outcome,
        @JsonProperty("miss_reason") String missReason,
        String detail,
        String compiler,
        List<String> args,
        String cwd,
        String source,
        String output,
        @JsonProperty("exit_code") Integer exitCode,
        @JsonProperty("latency_ns") long latencyNs,
        @JsonProperty("session_id") String sessionId,
        @JsonProperty("context_key") String contextKey,
        Map<String, String> env) {
}
