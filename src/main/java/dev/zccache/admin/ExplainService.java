package dev.zccache.admin;

import dev.zccache.journal.CompileEvent;
import dev.zccache.journal.LatestCompiles;
import dev.zccache.outcome.Reason;
import java.nio.file.Path;
import java.util.Optional;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code zccache explain FILE}: why the latest compile of an object or source missed or was not
 * cached, naming what changed (the header, argument, environment variable or compiler) since the
 * entry it would have matched. The reason is worked out when the miss happens and journaled.
 */
@Service
final class ExplainService {

    private final LatestCompiles latest;
    private final JsonMapper json;

    public ExplainService(LatestCompiles latest, JsonMapper json) {
        this.latest = latest;
        this.json = json;
    }

    /** Empty when no compile of the file is known. */
    public Optional<String> explain(Path file, boolean asJson) {
        Optional<CompileEvent> found = latest.latest(file);
        if (found.isEmpty()) {
            try {
                found = latest.latest(file.toRealPath());
            } catch (java.io.IOException notThere) {
                // the file may be gone; only the path as given can match
            }
        }
        return found.map(e -> asJson ? json.writeValueAsString(e) + "\n" : render(file, e));
    }

    static String render(Path file, CompileEvent e) {
        StringBuilder out = new StringBuilder();
        out.append(file).append(": latest compile ").append(e.ts()).append('\n');
        out.append("  command:  ").append(e.compiler()).append(' ').append(String.join(" ", e.args())).append('\n');
        out.append("  in:       ").append(e.cwd()).append('\n');
        out.append("  outcome:  ").append(e.outcome());
        if (e.exitCode() != null && e.exitCode() != 0) {
            out.append(" (exit status ").append(e.exitCode()).append(')');
        }
        out.append('\n');
        switch (e.outcome()) {
            case "hit" -> out.append("  why:      served from the cache: compiler, arguments, environment and every"
                    + " file of the include closure matched a stored entry\n");
            case "miss" -> {
                out.append("  why:      ").append(help(e.missReason()).orElse("missed (" + e.missReason() + ")"))
                        .append('\n');
                appendDetail(out, e.detail());
            }
            case "uncacheable" -> {
                out.append("  why:      not cacheable (").append(e.missReason()).append(")")
                        .append(help(e.missReason()).map(h -> ": " + h).orElse("")).append('\n');
                appendDetail(out, e.detail());
            }
            default -> {
                out.append("  why:      the cache failed (").append(e.missReason()).append(")")
                        .append(help(e.missReason()).map(h -> ": " + h).orElse(""))
                        .append("; the compile ran without it\n");
                appendDetail(out, e.detail());
            }
        }
        return out.toString();
    }

    private static void appendDetail(StringBuilder out, String detail) {
        if (detail != null && !detail.isEmpty()) {
            for (String line : detail.split("\n")) {
                out.append("            ").append(line).append('\n');
            }
        }
    }

    /** The catalogue's line for a reason id the journal recorded (an older daemon's may be unknown). */
    private static Optional<String> help(String reasonId) {
        return reasonId == null ? Optional.empty() : Reason.byId(reasonId).map(Reason::plainHelp);
    }
}
