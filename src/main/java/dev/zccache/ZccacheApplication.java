package dev.zccache;

import dev.zccache.daemon.DaemonAutoConfigurations;
import dev.zccache.daemon.DaemonLifecycle;
import dev.zccache.daemon.DaemonLock;
import dev.zccache.daemon.DaemonPaths;
import dev.zccache.shell.ShellApplication;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Entry point of the zccache jar. The C launcher starts it as {@code java -jar zccache.jar daemon};
 * the daemon takes {@code daemon.lock} before Spring starts, so losers of a start race exit at once.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ZccacheApplication {

    public static void main(String[] args) throws IOException, InterruptedException {
        if (args.length > 0 && "shell".equals(args[0])) {
            System.exit(ShellApplication.run(java.util.Arrays.copyOfRange(args, 1, args.length)));
        }
        if (args.length == 0 || !"daemon".equals(args[0])) {
            System.err.println("usage: java -jar zccache.jar daemon   (normally started by the zccache launcher;"
                    + " see zccache --help)");
            System.exit(2);
        }
        Path cacheDir = DaemonPaths.prepareCacheDir(System.getenv());
        DaemonLock lock = DaemonLock.tryAcquire(cacheDir);
        if (lock == null) {
            System.out.println("zccache daemon already running for " + cacheDir);
            System.exit(0);
        }
        preferFastProcessLaunch();
        SpringApplication app = new SpringApplication(ZccacheApplication.class);
        app.setBannerMode(Banner.Mode.OFF);
        app.setDefaultProperties(Map.of(
                "spring.main.web-application-type", "none",
                "spring.autoconfigure.exclude", DaemonAutoConfigurations.property()));
        app.addInitializers(ctx -> ctx.getBeanFactory().registerSingleton("daemonLock", lock));
        String[] springArgs = {"--zccache.cache-dir=" + cacheDir};
        app.run(springArgs).getBean(DaemonLifecycle.class).awaitStopped();
    }

    /**
     * Every compile the daemon runs is a process launch. Up to JDK 21, vfork starts a child in
     * about half the time of the default posix_spawn (which execs jspawnhelper first): 0.74 ms
     * against 1.46 ms measured here. JDK 22+ deprecates VFORK, so there we keep the default.
     * Read by the JDK when it first starts a process, hence set before Spring runs.
     */
    private static void preferFastProcessLaunch() {
        String key = "jdk.lang.Process.launchMechanism";
        if (Runtime.version().feature() < 22 && System.getProperty(key) == null) {
            System.setProperty(key, "VFORK");
        }
    }
}
