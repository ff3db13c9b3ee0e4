package dev.zccache.admin;

import dev.zccache.protocol.Reply;
import dev.zccache.store.LocalStore;
import java.io.IOException;
import java.util.List;
import org.springframework.stereotype.Service;

/**
 * The launcher's one-shot admin commands ({@code zccache stats}, {@code zccache clear}), parsed
 * and answered by the daemon so that the launcher stays ignorant of them.
 */
@Service
public final class AdminCommands {

    private final StatsService stats;
    private final LocalStore store;

    public AdminCommands(StatsService stats, LocalStore store) {
        this.stats = stats;
        this.store = store;
    }

    public Reply handle(List<String> args) {
        String command = args.get(0);
        List<String> options = args.subList(1, args.size());
        switch (command) {
            case "stats": {
                boolean json = false;
                boolean zero = false;
                for (String o : options) {
                    switch (o) {
                        case "--json" -> json = true;
                        case "--zero", "-z" -> zero = true;
                        default -> {
                            return usage("stats: unknown option " + o + " (try --json or --zero)");
                        }
                    }
                }
                if (zero) {
                    stats.zero();
                    return new Reply.Result(0, json ? stats.render(true) : "statistics zeroed\n");
                }
                return new Reply.Result(0, stats.render(json));
            }
            case "clear": {
                if (!options.isEmpty()) {
                    return usage("clear takes no options");
                }
                try {
                    store.clear();
                } catch (IOException e) {
                    return new Reply.Result(1, "zccache: clear failed: " + e.getMessage() + "\n");
                }
                return new Reply.Result(0, "cache cleared\n");
            }
            default:
                return usage("unknown command " + command + " (see zccache --help)");
        }
    }

    private static Reply usage(String message) {
        return new Reply.Result(2, "zccache: " + message + "\n");
    }
}
