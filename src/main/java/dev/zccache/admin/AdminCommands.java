package dev.zccache.admin;

import dev.zccache.daemon.DaemonLifecycle;
import dev.zccache.protocol.Reply;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Service;

/**
 * The admin commands as typed ({@code zccache stats --json}, {@code explain foo.o}), parsed and
 * answered by the daemon for the launcher's one-shot commands and for {@code zccache shell}
 * alike, so both print the same thing. Each command's work is one service of this package.
 */
@Service
public final class AdminCommands {

    /** Exit status of a usage error, like most command-line tools. */
    static final int USAGE = 2;
    static final Set<String> OUTCOMES = Set.of("hit", "miss", "uncacheable", "error");

    /**
     * Every command answered here. The same list lives in the launcher (is_daemon_command, plus
     * status and stop, which it sends as frames of their own), in the shell (DaemonCommand), in
     * `zccache --help` and in HELP.md: AdminCommandListsTest checks that they agree.
     */
    public static final List<String> NAMES = List.of("status", "stats", "clear", "trim", "verify", "config", "explain",
            "journal", "sessions", "session-start", "session-stats", "session-end", "stop");

    private final StatsService stats;
    private final StatusService status;
    private final StoreService store;
    private final ConfigService config;
    private final SessionService sessions;
    private final JournalService journal;
    private final ExplainService explain;
    private final DaemonLifecycle lifecycle;

    public AdminCommands(StatsService stats, StatusService status, StoreService store, ConfigService config,
            SessionService sessions, JournalService journal, ExplainService explain, DaemonLifecycle lifecycle) {
        this.stats = stats;
        this.status = status;
        this.store = store;
        this.config = config;
        this.sessions = sessions;
        this.journal = journal;
        this.explain = explain;
        this.lifecycle = lifecycle;
    }

    /** The parsed options of one command: flags, options with a value, and operands. */
    private record Args(Set<String> flags, Map<String, String> values, List<String> operands) {
        boolean json() {
            return flags.contains("--json");
        }
    }

    public Reply handle(List<String> argv, String cwd) {
        String command = argv.get(0);
        try {
            return run(command, argv.subList(1, argv.size()), cwd == null || cwd.isEmpty() ? Path.of("/") : Path.of(cwd));
        } catch (UsageException e) {
            return new Reply.Result(USAGE, "zccache " + command + ": " + e.getMessage() + "\n");
        } catch (IOException e) {
            return new Reply.Result(1, "zccache " + command + ": " + e.getMessage() + "\n");
        }
    }

    private Reply run(String command, List<String> options, Path cwd) throws IOException {
        switch (command) {
            case "stats": {
                Args a = parse(options, Set.of("--json", "--zero", "-z"), Set.of(), 0);
                if (a.flags().contains("--zero") || a.flags().contains("-z")) {
                    stats.zero();
                    return ok(a.json() ? stats.render(true) : "statistics zeroed\n");
                }
                return ok(stats.render(a.json()));
            }
            case "status":
                return ok(status.render(parse(options, Set.of("--json"), Set.of(), 0).json()));
            case "clear":
                parse(options, Set.of(), Set.of(), 0);
                return ok(store.clear());
            case "trim": {
                Args a = parse(options, Set.of(), Set.of(), 1);
                if (a.operands().size() != 1) {
                    throw new UsageException("usage: zccache trim SIZE   (e.g. 2G, 500M, 1048576)");
                }
                try {
                    return ok(store.trim(StoreService.parseSize(a.operands().get(0))));
                } catch (NumberFormatException e) {
                    throw new UsageException("not a size: " + a.operands().get(0) + " (e.g. 2G, 500M, 1048576)");
                }
            }
            case "verify": {
                Args a = parse(options, Set.of("--repair", "--json"), Set.of(), 0);
                return store.verify(a.flags().contains("--repair"), a.json());
            }
            case "config":
                return ok(config.render(parse(options, Set.of("--json"), Set.of(), 0).json()));
            case "explain": {
                Args a = parse(options, Set.of("--json"), Set.of(), 1);
                if (a.operands().size() != 1) {
                    throw new UsageException("usage: zccache explain [--json] FILE   (an object or a source)");
                }
                Path file = cwd.resolve(a.operands().get(0)).normalize();
                Optional<String> text = explain.explain(file, a.json());
                return text.isPresent() ? ok(text.get())
                        : new Reply.Result(1, "zccache explain: no compile of " + file + " is in the journal"
                                + " (not compiled through zccache since the journal began, or a different path)\n");
            }
            case "journal": {
                Args a = parse(options, Set.of("--json"), Set.of("-n", "--outcome", "--file"), 0);
                int n;
                try {
                    n = Integer.parseInt(a.values().getOrDefault("-n", "20"));
                } catch (NumberFormatException e) {
                    throw new UsageException("-n takes a number");
                }
                String outcome = a.values().get("--outcome");
                if (outcome != null && !OUTCOMES.contains(outcome)) {
                    throw new UsageException("--outcome is one of hit, miss, uncacheable, error");
                }
                String file = a.values().get("--file");
                return ok(journal.tail(Math.max(0, n), outcome, file == null ? null : cwd.resolve(file).normalize(),
                        a.json()));
            }
            case "session-start": {
                Args a = parse(options, Set.of(), Set.of("--journal"), 0);
                String file = a.values().get("--journal");
                return ok(sessions.start(file == null ? null : cwd.resolve(file).normalize()));
            }
            case "session-stats":
            case "session-end": {
                Args a = parse(options, Set.of("--json"), Set.of(), 1);
                if (a.operands().size() != 1) {
                    throw new UsageException("usage: zccache " + command + " [--json] SESSION_ID");
                }
                String id = a.operands().get(0);
                Optional<String> report = command.equals("session-end") ? sessions.end(id, a.json())
                        : sessions.stats(id, a.json());
                return report.isPresent() ? ok(report.get())
                        : new Reply.Result(1, "zccache " + command + ": no open session " + id
                                + " (ended already, or the daemon restarted since session-start)\n");
            }
            case "sessions":
                return ok(sessions.list(parse(options, Set.of("--json"), Set.of(), 0).json()));
            case "stop":
                parse(options, Set.of(), Set.of(), 0);
                lifecycle.requestStop("stop requested");
                return ok("zccache daemon stopping\n");
            default:
                return new Reply.Result(USAGE, "zccache: unknown command " + command + " (see zccache --help)\n");
        }
    }

    private static Reply ok(String text) {
        return new Reply.Result(0, text);
    }

    private static Args parse(List<String> options, Set<String> flags, Set<String> valued, int maxOperands) {
        Set<String> seen = new HashSet<>();
        Map<String, String> values = new HashMap<>();
        List<String> operands = new ArrayList<>();
        for (int i = 0; i < options.size(); i++) {
            String o = options.get(i);
            int eq = o.indexOf('=');
            String name = o.startsWith("--") && eq > 0 ? o.substring(0, eq) : o;
            if (flags.contains(o)) {
                seen.add(o);
            } else if (valued.contains(name)) {
                if (eq > 0 && o.startsWith("--")) {
                    values.put(name, o.substring(eq + 1));
                } else if (i + 1 < options.size()) {
                    values.put(o, options.get(++i));
                } else {
                    throw new UsageException(o + " needs a value");
                }
            } else if (o.startsWith("-") && o.length() > 1) {
                throw new UsageException("unknown option " + o);
            } else if (operands.size() < maxOperands) {
                operands.add(o);
            } else {
                throw new UsageException("unexpected argument " + o);
            }
        }
        return new Args(seen, values, operands);
    }

    /** Bad options: exit status 2 with a message. */
    private static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }
}
