package dev.zccache.admin;

import dev.zccache.journal.CompileEvent;
import dev.zccache.journal.CompileJournal;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

/** {@code zccache journal}: the latest compile requests, optionally filtered by outcome or file. */
@Service
final class JournalService {

    private final CompileJournal journal;
    private final JsonMapper json;

    public JournalService(CompileJournal journal, JsonMapper json) {
        this.journal = journal;
        this.json = json;
    }

    /**
     * @param outcome hit, miss, uncacheable or error; null for all
     * @param file an absolute path: only compiles of that source or object; null for all
     */
    public String tail(int limit, String outcome, Path file, boolean asJson) throws IOException {
        Predicate<CompileEvent> keep = e -> (outcome == null || outcome.equals(e.outcome()))
                && (file == null || file.toString().equals(e.source()) || file.toString().equals(e.output()));
        List<CompileEvent> events = journal.tail(limit, keep);
        StringBuilder out = new StringBuilder();
        for (CompileEvent e : events) {
            if (asJson) {
                out.append(json.writeValueAsString(e)).append('\n');
            } else {
                out.append(String.format(Locale.ROOT, "%-24s %-11s %9.1f ms  %s%s%n", e.ts(), e.outcome(),
                        e.latencyNs() / 1e6, subject(e), e.missReason() == null ? "" : "  (" + e.missReason() + ")"));
            }
        }
        if (events.isEmpty() && !asJson) {
            out.append("no matching compiles in ").append(journal.path()).append('\n');
        }
        return out.toString();
    }

    /** The object a compile wrote, else its source, else its arguments. */
    static String subject(CompileEvent e) {
        if (e.output() != null) {
            return e.output();
        }
        if (e.source() != null) {
            return e.source();
        }
        return Path.of(e.compiler()).getFileName() + " " + String.join(" ", e.args());
    }
}
