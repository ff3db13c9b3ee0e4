package dev.zccache.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.shell.core.command.CommandArgument;
import org.springframework.shell.core.command.CommandOption;
import org.springframework.shell.core.command.ParsedInput;

class WordParserTest {

    @Test
    void everyWordAfterTheCommandGoesToTheDaemonAsIs() {
        ParsedInput p = new WordParser().parse("journal -n 5 --outcome miss --json");
        assertThat(p.commandName()).isEqualTo("journal");
        assertThat(p.arguments().stream().map(CommandArgument::value))
                .containsExactly("-n", "5", "--outcome", "miss", "--json");
        assertThat(p.options()).isEmpty();
    }

    @Test
    void quotesKeepSpacesInOneWord() {
        assertThat(WordParser.split("explain \"my dir/a b.o\"  x")).containsExactly("explain", "my dir/a b.o", "x");
        assertThat(WordParser.split("  ")).isEmpty();
    }

    @Test
    void helpAloneIsTheShellsHelp() {
        ParsedInput p = new WordParser().parse("stats --help");
        assertThat(p.options()).singleElement().extracting(CommandOption::longName).isEqualTo("help");
    }

    @Test
    void usageOptionsAreOfferedForCompletion() {
        assertThat(DaemonCommand.options("journal [-n N] [--outcome hit|miss] [--file FILE] [--json]"))
                .extracting(CommandOption::longName).containsExactly("outcome", "file", "json");
        assertThat(DaemonCommand.all(null, new java.util.concurrent.atomic.AtomicInteger()))
                .extracting(DaemonCommand::getName).containsAll(List.of("status", "stats", "clear", "config",
                        "sessions", "journal", "explain", "trim", "stop", "session-start", "session-stats",
                        "session-end"));
    }
}
