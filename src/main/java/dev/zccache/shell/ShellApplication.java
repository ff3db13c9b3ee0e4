package dev.zccache.shell;

import dev.zccache.daemon.DaemonPaths;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.context.ConfigurationPropertiesAutoConfiguration;
import org.springframework.boot.autoconfigure.context.LifecycleAutoConfiguration;
import org.springframework.boot.autoconfigure.context.MessageSourceAutoConfiguration;
import org.springframework.boot.autoconfigure.context.PropertyPlaceholderAutoConfiguration;
import org.springframework.shell.core.autoconfigure.SpringShellAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.jline.utils.AttributedString;
import org.springframework.shell.core.command.CommandParser;
import org.springframework.shell.jline.PromptProvider;
import org.springframework.shell.core.command.CommandRegistry;
import org.springframework.shell.core.utils.Utils;

/**
 * {@code zccache shell}: a Spring Shell session (help, tab completion, history) that talks to the
 * running daemon over its socket. Not a component the daemon scans: this class is only ever a
 * primary source, started by {@link #run}. Without arguments it is interactive; with arguments
 * it runs that one command and exits with its status.
 */
@ImportAutoConfiguration({
    // the shell talks to the daemon over its socket and needs none of the daemon's stack
    SpringShellAutoConfiguration.class, ConfigurationPropertiesAutoConfiguration.class,
    LifecycleAutoConfiguration.class, MessageSourceAutoConfiguration.class,
    PropertyPlaceholderAutoConfiguration.class})
public class ShellApplication {

    /** The status of the last command: the exit status of a one-shot `zccache shell CMD`. */
    private static final AtomicInteger lastStatus = new AtomicInteger();

    @Bean
    DaemonClient daemonClient() throws IOException {
        return new DaemonClient(DaemonPaths.prepareCacheDir(System.getenv()), System.getenv("ZCCACHE_LAUNCHER"));
    }

    @Bean
    PromptProvider promptProvider() {
        return () -> new AttributedString("zccache> ");
    }

    @Bean
    CommandParser commandParser() {
        return new WordParser();
    }

    /**
     * Ours rather than Spring Shell's: that one looks for a @SpringBootApplication to scan, and
     * this class must not be one (the daemon would scan it). Command beans (help, version,
     * history) are added by the registry itself once every singleton exists.
     */
    @Bean
    CommandRegistry commandRegistry(DaemonClient daemon) {
        CommandRegistry registry = new CommandRegistry();
        DaemonCommand.all(daemon, lastStatus).forEach(registry::registerCommand);
        registry.registerCommand(Utils.QUIT_COMMAND);
        return registry;
    }

    public static int run(String[] args) {
        SpringApplication app = new SpringApplication(ShellApplication.class);
        app.setBannerMode(Banner.Mode.OFF);
        Map<String, Object> defaults = new HashMap<>();
        defaults.put("spring.main.web-application-type", "none");
        defaults.put("spring.shell.interactive.enabled", args.length == 0);
        defaults.put("spring.shell.context.close", true);
        // `clear` is the cache's (as on the command line), not the screen's
        defaults.put("spring.shell.command.clear.enabled", false);
        defaults.put("spring.shell.history.name", System.getProperty("user.home") + "/.zccache_shell_history");
        app.setDefaultProperties(defaults);
        // above the packaged application.yml, which points the daemon's log into the cache dir
        System.setProperty("logging.file.name", "");
        System.setProperty("logging.level.root", "WARN");
        System.setProperty("logging.threshold.console", "WARN");
        // a piped stdin gets JLine's dumb terminal, which is fine; failed commands print their own message
        System.setProperty("logging.level.org.jline", "ERROR");
        System.setProperty("logging.level.org.springframework.shell.core", "OFF");
        try (ConfigurableApplicationContext ignored = app.run(args)) {
            return lastStatus.get();
        }
    }
}
