package dev.zccache.runner;

import dev.zccache.protocol.Reply;
import dev.zccache.protocol.ReplySink;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Service;

/**
 * Runs a compiler as a child of the daemon with the client's argv, cwd and environment,
 * streaming stdout and stderr to the client as they come, and kills the child's whole process
 * tree if the client goes away.
 */
@Service
public final class CompilerRunner implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(CompilerRunner.class);
    private static final File DEV_NULL = new File("/dev/null");

    private final ExecutorService pumps;

    public CompilerRunner() {
        AtomicInteger n = new AtomicInteger();
        this.pumps = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "zccache-pump-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** Runs argv (argv[0] = compiler path) and returns its exit status as the final reply. */
    public Reply run(List<String> argv, Path cwd, Map<String, String> env, ReplySink sink) {
        ProcessBuilder builder = new ProcessBuilder(argv).directory(cwd.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(DEV_NULL));
        Map<String, String> childEnv = builder.environment();
        childEnv.clear();
        childEnv.putAll(env);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            // what a shell would say; the launcher resolved the path, so this is rare (deleted, not executable)
            byte[] msg = ("zccache: cannot run " + argv.get(0) + ": " + e.getMessage() + "\n")
                    .getBytes(StandardCharsets.UTF_8);
            try {
                sink.stderr(msg, 0, msg.length);
            } catch (IOException ignored) {
                // client gone
            }
            return new Reply.Exit(127);
        }
        try (ReplySink.Watch watch = sink.watchDisconnect(() -> {
            log.info("client went away; killing {} (pid {})", argv.get(0), process.pid());
            ProcessTree.kill(process);
        })) {
            Future<?> stderr = pumps.submit(() -> pump(process.getErrorStream(), sink, false));
            pump(process.getInputStream(), sink, true);
            stderr.get();
            return new Reply.Exit(process.waitFor());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ProcessTree.kill(process);
            return new Reply.Exit(130);
        } catch (java.util.concurrent.ExecutionException e) {
            ProcessTree.kill(process);
            throw new IllegalStateException("output pump failed", e.getCause());
        }
    }

    /** Copies a child's pipe to the client; keeps draining after the client is gone. */
    private static Void pump(InputStream in, ReplySink sink, boolean stdout) {
        byte[] buf = new byte[64 * 1024];
        boolean clientOk = true;
        try (in) {
            int n;
            while ((n = in.read(buf)) >= 0) {
                if (n == 0 || !clientOk) {
                    continue;
                }
                try {
                    if (stdout) {
                        sink.stdout(buf, 0, n);
                    } else {
                        sink.stderr(buf, 0, n);
                    }
                } catch (IOException clientGone) {
                    clientOk = false;
                }
            }
        } catch (IOException e) {
            log.debug("reading compiler output failed", e);
        }
        return null;
    }

    @Override
    public void destroy() {
        pumps.shutdownNow();
    }
}
