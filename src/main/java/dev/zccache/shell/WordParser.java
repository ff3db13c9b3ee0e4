package dev.zccache.shell;

import java.util.ArrayList;
import java.util.List;
import org.springframework.shell.core.command.CommandArgument;
import org.springframework.shell.core.command.CommandOption;
import org.springframework.shell.core.command.CommandParser;
import org.springframework.shell.core.command.ParsedInput;

/**
 * Splits a shell line into the command and its words, and leaves options to the daemon: every
 * admin command is parsed in one place (AdminCommands), so {@code stats --json} means the same
 * in the shell as on the command line. (Spring Shell's own parser wants a value after every
 * option, which a flag like --json does not have.) Double quotes group words with spaces.
 */
final class WordParser implements CommandParser {

    @Override
    public ParsedInput parse(String input) {
        List<String> words = split(input);
        ParsedInput.Builder b = new ParsedInput.Builder().commandName(words.isEmpty() ? "" : words.get(0));
        if (words.size() == 2 && (words.get(1).equals("--help") || words.get(1).equals("-h"))) {
            return b.addOption(CommandOption.with().shortName('h').longName("help").value("true").build()).build();
        }
        for (int i = 1; i < words.size(); i++) {
            b.addArgument(new CommandArgument(i - 1, words.get(i)));
        }
        return b.build();
    }

    static List<String> split(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder w = new StringBuilder();
        boolean quoted = false;
        boolean inWord = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                quoted = !quoted;
                inWord = true;
            } else if (c == '\\' && quoted && i + 1 < line.length()) {
                w.append(line.charAt(++i));
            } else if (Character.isWhitespace(c) && !quoted) {
                if (inWord) {
                    words.add(w.toString());
                    w.setLength(0);
                    inWord = false;
                }
            } else {
                w.append(c);
                inWord = true;
            }
        }
        if (inWord) {
            words.add(w.toString());
        }
        return words;
    }
}
