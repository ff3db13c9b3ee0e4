package dev.zccache.outcome;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class ReasonCatalogueTest {

    /** HELP.md's reason table, one "| `id` | kind | help |" row per reason, in the enum's order. */
    @Test
    void helpMdListsEveryReasonWithItsOutcomeAndHelp() throws Exception {
        List<String> lines = Files.readAllLines(Path.of("HELP.md"));
        int header = lines.indexOf("| reason | outcome | what it means |");
        assertThat(header).as("HELP.md has the reason table").isPositive();
        List<String> rows = new ArrayList<>();
        for (int i = header + 2; i < lines.size() && lines.get(i).startsWith("|"); i++) {
            rows.add(lines.get(i));
        }
        List<String> expected = new ArrayList<>();
        for (Reason r : Reason.values()) {
            expected.add("| `" + r.id() + "` | " + r.kind().name().toLowerCase(Locale.ROOT) + " | " + r.help() + " |");
        }
        assertThat(rows).containsExactlyElementsOf(expected);
    }

    @Test
    void idsAreUniqueAndFoundAgain() {
        for (Reason r : Reason.values()) {
            assertThat(Reason.byId(r.id())).contains(r);
            assertThat(r.id()).matches("[a-z0-9]+(-[a-z0-9]+)*");
        }
        assertThat(Reason.byId("no-such-reason")).isEmpty();
    }

    @Test
    void anOutcomeCarriesOnlyAReasonOfItsOwnKind() {
        assertThat(CompileOutcome.miss(Reason.HEADER_CHANGED, "h", "k").reasonId()).isEqualTo("header-changed");
        assertThat(CompileOutcome.hit(1, "k").reasonId()).isEmpty();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> CompileOutcome.miss(Reason.LINK, "", "k"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
