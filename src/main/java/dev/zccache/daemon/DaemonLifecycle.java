package dev.zccache.daemon;

import dev.zccache.ipc.UnixSocketListener;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.SmartLifecycle;

/**
 * When the daemon ends: on {@code zccache stop}, after the idle timeout, on SIGTERM, or when its
 * socket file was removed or replaced or its listener does not listen (no client could reach it,
 * no other daemon start). In every case it stops accepting first, lets the requests in flight
 * finish (up to the shutdown grace), then closes the context; the kernel releases daemon.lock
 * when the process exits.
 *
 * <p>A {@link SmartLifecycle} in the last phase, so on SIGTERM it drains before Spring
 * Integration's gateway (an earlier phase) closes connections.
 */
public final class DaemonLifecycle implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DaemonLifecycle.class);

    private final UnixSocketListener listener;
    private final ConfigurableApplicationContext context;
    private final long idleTimeoutNanos;
    private final Duration shutdownGrace;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final ScheduledExecutorService idleTimer;
    private final long startedNanos = System.nanoTime();
    private volatile long lastActivityNanos = System.nanoTime();
    private volatile boolean stopping;
    private volatile boolean running;
    private final CountDownLatch stopped = new CountDownLatch(1);

    public DaemonLifecycle(UnixSocketListener listener, ConfigurableApplicationContext context,
            ZccacheProperties properties) {
        this.listener = listener;
        this.context = context;
        this.idleTimeoutNanos = TimeUnit.SECONDS.toNanos(properties.idleTimeoutSecs());
        this.shutdownGrace = properties.shutdownGrace();
        this.idleTimer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "zccache-idle");
            t.setDaemon(true);
            return t;
        });
    }

    /** Marks a request in flight; returns null when the daemon is stopping and takes no more. */
    public InFlight begin() {
        inFlight.incrementAndGet();
        if (stopping) {
            end();
            return null;
        }
        return this::end;
    }

    private void end() {
        lastActivityNanos = System.nanoTime();
        inFlight.decrementAndGet();
    }

    public int inFlight() {
        return inFlight.get();
    }

    public boolean isStopping() {
        return stopping;
    }

    public Duration uptime() {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }

    /** Begins an orderly exit on another thread; returns at once. */
    public void requestStop(String why) {
        synchronized (this) {
            if (stopping) {
                return;
            }
            stopping = true;
        }
        log.info("stopping: {}", why);
        Thread t = new Thread(() -> {
            drain();
            context.close();
            System.exit(0);
        }, "zccache-stop");
        t.start();
    }

    private void drain() {
        stopping = true;
        listener.stopAccepting();
        long deadline = System.nanoTime() + shutdownGrace.toNanos();
        while (inFlight.get() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10); // polling a counter while requests finish: no event to wait on
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        if (inFlight.get() > 0) {
            log.warn("{} requests still in flight after {}; stopping anyway", inFlight.get(), shutdownGrace);
        }
    }

    /** Checks (one a second) a listener may take to listen before the daemon counts as unreachable. */
    private static final int CHECKS_BEFORE_LISTENING = 5;

    private int checksNotListening;

    /**
     * A daemon whose socket file was removed or replaced is unreachable: it makes way for a new
     * one. So is one whose listener could not bind (its cache dir deleted as it started): left
     * running, it would hold its lock and memory until the idle timeout.
     */
    private void checkSocketFile() {
        if (stopping) {
            return;
        }
        if (!listener.connectionFactory().isListening()) {
            if (++checksNotListening >= CHECKS_BEFORE_LISTENING) {
                requestStop("the socket listener is not listening");
            }
            return;
        }
        checksNotListening = 0;
        if (!listener.socketFileIsOurs()) {
            requestStop("the socket file was removed or replaced");
        }
    }

    private void checkIdle() {
        if (idleTimeoutNanos > 0 && inFlight.get() == 0 && System.nanoTime() - lastActivityNanos > idleTimeoutNanos) {
            requestStop("idle for " + TimeUnit.NANOSECONDS.toSeconds(idleTimeoutNanos) + " s");
        }
    }

    @Override
    public void start() {
        idleTimer.scheduleWithFixedDelay(this::checkSocketFile, 1000, 1000, TimeUnit.MILLISECONDS);
        if (idleTimeoutNanos > 0) {
            long period = Math.max(100, Math.min(1000, TimeUnit.NANOSECONDS.toMillis(idleTimeoutNanos) / 4));
            idleTimer.scheduleWithFixedDelay(this::checkIdle, period, period, TimeUnit.MILLISECONDS);
        }
        running = true;
    }

    @Override
    public void stop() {
        drain();
        idleTimer.shutdownNow();
        running = false;
        stopped.countDown();
    }

    /**
     * Blocks until the daemon has stopped. The main thread waits here: every thread the daemon
     * runs is a daemon thread, so without this the JVM would exit as soon as main returned.
     */
    public void awaitStopped() throws InterruptedException {
        stopped.await();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return Integer.MAX_VALUE;
    }

    /** A request in flight; close it when the reply is complete. */
    @FunctionalInterface
    public interface InFlight extends AutoCloseable {
        @Override
        void close();
    }
}
