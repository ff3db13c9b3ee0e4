package dev.zccache.runner;

import dev.zccache.protocol.Reply;
import dev.zccache.protocol.ReplySink;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import dev.zccache.daemon.ZccacheProperties;
import org.springframework.stereotype.Service;

/**
 * Runs a compiler as a child of the daemon with the client's argv, cwd and environment,
 * streaming stdout and stderr to the client as they come, and kills the child's whole process
 * tree if the client goes away. At most {@code zccache.max-jobs} compilers run at once, so that
 * {@code make -j64} queues here instead of thrashing the machine.
 */
@Service
public final class CompilerRunner implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(CompilerRunner.class);
    private static final File DEV_NULL = new File("/dev/null");

    /** Output kept per stream for the cache; a compile that writes more is not stored. */
    static final int CAPTURE_LIMIT = 32 * 1024 * 1024;
    private static final byte[] EMPTY = new byte[0];

    private final ExecutorService pumps;
    private final Semaphore slots;

    public CompilerRunner(ZccacheProperties properties) {
        this.slots = new Semaphore(properties.effectiveMaxJobs(), true);
        AtomicInteger n = new AtomicInteger();
        this.pumps = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "zccache-pump-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * What a finished compiler run left: its status and, when asked for, its output (unless that
     * was over the capture limit: then {@code captured} is false and the bytes are partial).
     */
    public record Completed(int exit, byte[] stdout, byte[] stderr, boolean captured, long millis) {
    }

    /** Runs argv (argv[0] = compiler path) and returns its exit status as the final reply. */
    public Reply run(List<String> argv, Path cwd, Map<String, String> env, ReplySink sink) {
        return new Reply.Exit(execute(argv, cwd, env, sink, false).exit());
    }

    /**
     * Runs argv, streaming its output to the sink as it comes and, with {@code capture}, also
     * keeping it. Waits for a compile slot first: at most {@code maxJobs} run at once.
     */
    public Completed execute(List<String> argv, Path cwd, Map<String, String> env, ReplySink sink, boolean capture) {
        try {
            slots.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Completed(130, EMPTY, EMPTY, false, 0);
        }
        try {
            return executeNow(argv, cwd, env, sink, capture);
        } finally {
            slots.release();
        }
    }

    private Completed executeNow(List<String> argv, Path cwd, Map<String, String> env, ReplySink sink,
            boolean capture) {
        long started = System.nanoTime();
        Child child;
        try {
            child = start(argv, cwd, env);
        } catch (IOException e) {
            // what a shell would say; the launcher resolved the path, so this is rare (deleted, not executable)
            byte[] msg = ("zccache: cannot run " + argv.get(0) + ": " + e.getMessage() + "\n")
                    .getBytes(StandardCharsets.UTF_8);
            try {
                sink.stderr(msg, 0, msg.length);
            } catch (IOException ignored) {
                // client gone
            }
            return new Completed(127, EMPTY, msg, false, 0);
        }
        Capture out = capture ? new Capture() : null;
        Capture err = capture ? new Capture() : null;
        try {
            try (ReplySink.Watch watch = sink.watchDisconnect(() -> {
                log.info("client went away; killing {} (pid {})", argv.get(0), child.pid());
                child.killTree();
            })) {
                Future<?> stderr = pumps.submit(() -> pump(child.stderr(), sink, false, err));
                pump(child.stdout(), sink, true, out);
                stderr.get();
                int exit = child.await();
                long millis = (System.nanoTime() - started) / 1_000_000;
                if (!capture) {
                    return new Completed(exit, EMPTY, EMPTY, false, millis);
                }
                return new Completed(exit, out.bytes(), err.bytes(), out.complete() && err.complete(), millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                child.killTree();
                return new Completed(130, EMPTY, EMPTY, false, 0);
            } catch (java.util.concurrent.ExecutionException e) {
                child.killTree();
                throw new IllegalStateException("output pump failed", e.getCause());
            }
        } finally {
            child.release(); // the watch is closed: nothing kills by its pid any more
        }
    }

    /** By one posix_spawn where the daemon's library can, else by the JDK. */
    private static Child start(List<String> argv, Path cwd, Map<String, String> env) throws IOException {
        Optional<Child> direct = NativeChild.start(argv, cwd, env);
        if (direct.isPresent()) {
            return direct.get();
        }
        ProcessBuilder builder = new ProcessBuilder(argv).directory(cwd.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(DEV_NULL));
        Map<String, String> childEnv = builder.environment();
        childEnv.clear();
        childEnv.putAll(env);
        return new Child.Jdk(builder.start());
    }

    /** Keeps a copy of one output stream, up to {@link #CAPTURE_LIMIT} bytes. */
    private static final class Capture {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private boolean overflow;

        void add(byte[] b, int n) {
            if (overflow || bytes.size() + n > CAPTURE_LIMIT) {
                overflow = true;
                return;
            }
            bytes.write(b, 0, n);
        }

        byte[] bytes() {
            return bytes.toByteArray();
        }

        boolean complete() {
            return !overflow;
        }
    }

    /** Copies a child's pipe to the client; keeps draining after the client is gone. */
    private static Void pump(InputStream in, ReplySink sink, boolean stdout, Capture capture) {
        byte[] buf = new byte[64 * 1024];
        boolean clientOk = true;
        try (in) {
            int n;
            while ((n = in.read(buf)) >= 0) {
                if (n == 0) {
                    continue;
                }
                if (capture != null) {
                    capture.add(buf, n);
                }
                if (!clientOk) {
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
