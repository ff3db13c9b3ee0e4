package dev.zccache.shell;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.shell.core.command.AbstractCommand;
import org.springframework.shell.core.command.CommandArgument;
import org.springframework.shell.core.command.CommandContext;
import org.springframework.shell.core.command.CommandOption;
import org.springframework.shell.core.command.ExitStatus;

/**
 * One admin command of {@code zccache shell}: sends its words to the daemon, which parses and
 * answers them with the same service as the launcher's one-shot command, and prints the answer.
 * The shell adds the session (help, completion, history), never a second implementation.
 */
final class DaemonCommand extends AbstractCommand {

    private final DaemonClient daemon;
    private final AtomicInteger lastStatus;

    DaemonCommand(String name, String description, String usage, DaemonClient daemon, AtomicInteger lastStatus) {
        super(name, description, "zccache", "usage: " + usage, false);
        this.daemon = daemon;
        this.lastStatus = lastStatus;
        setOptions(options(usage));
    }

    /**
     * The long options named in the usage line, declared so that tab completion offers them
     * (parsing stays with the daemon: WordParser passes every word through).
     */
    static List<CommandOption> options(String usage) {
        List<CommandOption> out = new ArrayList<>();
        Matcher m = Pattern.compile("--([a-z][a-z-]*)").matcher(usage);
        while (m.find()) {
            out.add(CommandOption.with().longName(m.group(1)).build());
        }
        return out;
    }

    @Override
    public ExitStatus doExecute(CommandContext context) {
        List<String> argv = new ArrayList<>();
        argv.add(getName());
        for (CommandArgument a : context.parsedInput().arguments()) {
            argv.add(a.value());
        }
        DaemonClient.Answer answer = daemon.call(argv);
        lastStatus.set(answer.code());
        PrintWriter out = context.outputWriter();
        out.print(answer.text());
        out.flush();
        return answer.code() == 0 ? ExitStatus.OK : new ExitStatus(answer.code(), "zccache " + getName() + " failed");
    }

    /** The commands of the shell: name, what it does, usage. Same names as on the command line. */
    static List<DaemonCommand> all(DaemonClient daemon, AtomicInteger lastStatus) {
        String[][] table = {
            {"status", "is the daemon running: pid, version, cache dir, socket, Actuator URL", "status [--json]"},
            {"stats", "hits, misses, hit rate, uncacheable by reason, errors, entries, size vs budget, time saved",
                "stats [--json] [--zero]"},
            {"clear", "remove every cached entry (counters are kept)", "clear"},
            {"trim", "evict the least valuable entries now, down to SIZE", "trim SIZE   (bytes, or K, M, G: e.g. 2G)"},
            {"verify", "check every file of the store; --repair removes what is damaged", "verify [--repair] [--json]"},
            {"config", "every daemon setting, its value and where it came from", "config [--json]"},
            {"explain", "why the latest compile of an object or source missed or was not cached",
                "explain [--json] FILE"},
            {"journal", "the latest compile requests, filtered by outcome or file",
                "journal [-n N] [--outcome hit|miss|uncacheable|error] [--file FILE] [--json]"},
            {"sessions", "open build sessions", "sessions [--json]"},
            {"session-start", "start a build session; prints its id (JSON)", "session-start [--journal FILE.jsonl]"},
            {"session-stats", "a session's counters so far", "session-stats [--json] SESSION_ID"},
            {"session-end", "end a session and print its counters", "session-end [--json] SESSION_ID"},
            {"stop", "stop the daemon (compiles in flight finish first)", "stop"},
        };
        List<DaemonCommand> out = new ArrayList<>();
        for (String[] row : table) {
            out.add(new DaemonCommand(row[0], row[1], row[2], daemon, lastStatus));
        }
        return out;
    }
}
