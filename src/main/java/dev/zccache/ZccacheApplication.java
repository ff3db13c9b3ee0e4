package dev.zccache;

import dev.zccache.daemon.DaemonAutoConfigurations;
import dev.zccache.daemon.DaemonLifecycle;
import dev.zccache.daemon.DaemonLock;
import dev.zccache.daemon.DaemonPaths;
import dev.zccache.shell.ShellApplication;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
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
     * Compilers start through the daemon's library (runner.NativeChild); where it is not loaded,
     * or for a program to find on PATH, through the JDK. There, vfork starts a child in about half
     * the time of the default posix_spawn, which execs the JDK's jspawnhelper first and only then
     * the compiler: spawning /bin/true from the daemon's JVM here, JDK 17 5.6 -> 2.9 ms, JDK 25
     * 6.5 -> 3.5 ms. JDK 22 to 25 deprecate VFORK (they print a warning, to daemon.out) and later
     * JDKs drop it, so only JDKs up to 25 get it. Read by the JDK when it first starts a process,
     * hence set before Spring runs.
     */
    private static void preferFastProcessLaunch() {
        fastLaunchMechanism(Runtime.version().feature(), System.getProperty(LAUNCH_MECHANISM))
                .ifPresent(m -> System.setProperty(LAUNCH_MECHANISM, m));
    }

    static final String LAUNCH_MECHANISM = "jdk.lang.Process.launchMechanism";

    /** The launch mechanism to set on a JDK of this feature release, unless one is set already. */
    static Optional<String> fastLaunchMechanism(int jdkFeature, String alreadySet) {
        return jdkFeature <= 25 && alreadySet == null ? Optional.of("VFORK") : Optional.empty();
    }
}
