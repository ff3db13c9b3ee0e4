package dev.zccache.stats;

import java.io.IOException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Saves a file within a second of being told it changed, on one daemon thread, and once more at
 * close: state the daemon keeps across restarts (stats.json, sessions.json) without writing it
 * on every compile. A failed save is tried again at the next tick.
 */
public final class BackgroundSaver implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(BackgroundSaver.class);

    /** Writes the file. */
    @FunctionalInterface
    public interface Save {
        void run() throws IOException;
    }

    private final String what;
    private final Save save;
    private final AtomicBoolean dirty = new AtomicBoolean();
    private final ScheduledExecutorService thread;

    /** @param threadName the saver thread's name ("zccache-stats") */
    public BackgroundSaver(String threadName, String what, Save save) {
        this.what = what;
        this.save = save;
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
        thread.scheduleWithFixedDelay(this::flush, 1, 1, TimeUnit.SECONDS);
    }

    /** Something changed: it is saved within a second. */
    public void changed() {
        dirty.set(true);
    }

    /** Saves now if anything changed since the last save. */
    public synchronized void flush() {
        if (!dirty.getAndSet(false)) {
            return;
        }
        try {
            save.run();
        } catch (IOException | RuntimeException e) {
            dirty.set(true);
            log.warn("could not save {}: {}", what, e.toString());
        }
    }

    /** Saves what changed and stops the thread. */
    @Override
    public void close() {
        thread.shutdownNow();
        flush();
    }
}
