package dev.zccache.it;

import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/** The campaigns' troublemaker: one action, again and again at random intervals on its own thread, until closed. */
final class Disruptor implements AutoCloseable {

    /** One disruption; true when it disrupted something (a daemon it found and killed), which is counted. */
    @FunctionalInterface
    interface Action {
        boolean run(Random random) throws Exception;
    }

    private final AtomicBoolean going = new AtomicBoolean(true);
    private final AtomicInteger count = new AtomicInteger();
    private final Thread thread;
    private volatile Error failure;

    private Disruptor(int minMillis, int maxMillis, Action action) {
        Random random = new Random();
        thread = new Thread(() -> {
            while (going.get()) {
                try {
                    Thread.sleep(minMillis + random.nextInt(maxMillis - minMillis));
                    if (going.get() && action.run(random)) {
                        count.incrementAndGet();
                    }
                } catch (InterruptedException e) {
                    return;
                } catch (Exception e) {
                    // a disruption that found nothing to disrupt
                } catch (Error e) {
                    // a failed assertion (a command that timed out): the campaign must not go on
                    // quietly without it; once closing, it is the interrupt that stops a command
                    if (going.get()) {
                        failure = e;
                    }
                    return;
                }
            }
        }, "disruptor");
        thread.start();
    }

    static Disruptor every(int minMillis, int maxMillis, Action action) {
        return new Disruptor(minMillis, maxMillis, action);
    }

    int count() {
        return count.get();
    }

    @Override
    public void close() throws InterruptedException {
        going.set(false);
        thread.interrupt();
        thread.join();
        if (failure != null) {
            throw new AssertionError("the disruptor failed", failure);
        }
    }
}
