package dev.zccache.shell;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zccache.admin.AdminCommands;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The admin commands are listed in four places; they must name the same commands. */
class AdminCommandListsTest {

    private static final Set<String> DAEMON = new LinkedHashSet<>(AdminCommands.NAMES);

    @Test
    void theShellOffersEveryDaemonCommand() {
        List<String> shell = new ArrayList<>();
        DaemonCommand.all(null, new AtomicInteger()).forEach(c -> shell.add(c.getName()));
        assertThat(shell).containsExactlyInAnyOrderElementsOf(DAEMON);
    }

    @Test
    void theLauncherSendsEveryDaemonCommandAndHandlesStatusAndStopItself() throws Exception {
        String c = Files.readString(Path.of("src/main/c/launcher.c"));
        int from = c.indexOf("static int is_daemon_command(");
        String table = c.substring(c.indexOf('{', c.indexOf("names[]", from)), c.indexOf("NULL}", from));
        Set<String> launcher = new LinkedHashSet<>();
        Matcher m = Pattern.compile("\"([a-z-]+)\"").matcher(table);
        while (m.find()) {
            launcher.add(m.group(1));
        }
        launcher.addAll(List.of("status", "stop")); // frames of their own (cmd_status, cmd_stop)
        assertThat(launcher).containsExactlyInAnyOrderElementsOf(DAEMON);
    }

    @Test
    void helpAndTheManualDocumentEveryCommand() throws Exception {
        String c = Files.readString(Path.of("src/main/c/launcher.c"));
        String usage = c.substring(c.indexOf("static const char USAGE[]"), c.indexOf("static int env_flag"));
        String manual = Files.readString(Path.of("HELP.md"));
        for (String name : DAEMON) {
            assertThat(usage).as("zccache --help: " + name).contains("\"  zccache " + name);
            assertThat(manual).as("HELP.md: " + name).contains("| `zccache " + name);
        }
    }
}
