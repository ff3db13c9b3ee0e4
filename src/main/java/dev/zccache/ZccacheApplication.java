package dev.zccache;

import dev.zccache.daemon.DaemonLifecycle;
import dev.zccache.daemon.DaemonLock;
import dev.zccache.daemon.DaemonPaths;
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
        SpringApplication app = new SpringApplication(ZccacheApplication.class);
        app.setBannerMode(Banner.Mode.OFF);
        app.setDefaultProperties(Map.of(
                "spring.main.web-application-type", "none",
                // read by DaemonAutoConfigurationFilter: no shell, no actuator in the daemon
                "zccache.mode", "daemon"));
        app.addInitializers(ctx -> ctx.getBeanFactory().registerSingleton("daemonLock", lock));
        String[] springArgs = {"--zccache.cache-dir=" + cacheDir};
        app.run(springArgs).getBean(DaemonLifecycle.class).awaitStopped();
    }
}
