package dev.zccache.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** CORRECTNESS 37 groundwork: 32 identical compiles at once run the compiler once. */
class SingleFlightTest {

    private final ExecutorService pool = Executors.newFixedThreadPool(32);
    private final SingleFlight<String, String> flights = new SingleFlight<>();

    @AfterEach
    void shutdown() {
        pool.shutdownNow();
    }

    @Test
    void identicalConcurrentCallsRunTheWorkOnce() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch leaderStarted = new CountDownLatch(1);
        List<Future<SingleFlight.Outcome<String>>> results = new ArrayList<>();
        results.add(pool.submit(() -> flights.run("k", () -> {
            runs.incrementAndGet();
            leaderStarted.countDown();
            assertThat(release.await(10, TimeUnit.SECONDS)).isTrue();
            return "object";
        })));
        assertThat(leaderStarted.await(10, TimeUnit.SECONDS)).isTrue();
        for (int i = 0; i < 31; i++) {
            results.add(pool.submit(() -> flights.run("k", () -> {
                runs.incrementAndGet();
                return "second compile";
            })));
        }
        awaitWaiting(31);
        assertThat(flights.inFlight()).isEqualTo(1);
        release.countDown();
        int leaders = 0;
        for (Future<SingleFlight.Outcome<String>> r : results) {
            SingleFlight.Outcome<String> o = r.get(10, TimeUnit.SECONDS);
            leaders += o.leader() ? 1 : 0;
        }
        assertThat(runs.get()).isEqualTo(1);
        assertThat(leaders).isEqualTo(1);
        for (Future<SingleFlight.Outcome<String>> r : results) {
            assertThat(r.get().value()).isEqualTo("object");
        }
        assertThat(flights.inFlight()).isZero();
    }

    private void awaitWaiting(int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (flights.waiting() < n) {
            assertThat(System.nanoTime()).as("waiting for %d followers", n).isLessThan(deadline);
            Thread.onSpinWait();
        }
    }

    @Test
    void differentKeysDoNotWaitForEachOther() throws Exception {
        CountDownLatch blockA = new CountDownLatch(1);
        Future<SingleFlight.Outcome<String>> a = pool.submit(() -> flights.run("a", () -> {
            assertThat(blockA.await(10, TimeUnit.SECONDS)).isTrue();
            return "A";
        }));
        SingleFlight.Outcome<String> b = pool.submit(() -> flights.run("b", () -> "B")).get(5, TimeUnit.SECONDS);
        assertThat(b).isEqualTo(new SingleFlight.Outcome<>("B", true));
        blockA.countDown();
        assertThat(a.get(5, TimeUnit.SECONDS).value()).isEqualTo("A");
    }

    @Test
    void failureReachesWaitersAndTheNextCallStartsAfresh() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        Future<?> leader = pool.submit(() -> flights.run("k", () -> {
            started.countDown();
            release.await(10, TimeUnit.SECONDS);
            throw new IllegalStateException("compiler crashed");
        }));
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        Future<?> follower = pool.submit(() -> flights.run("k", () -> "unused"));
        awaitWaiting(1);
        release.countDown();
        assertThatThrownBy(leader::get).hasCauseInstanceOf(IllegalStateException.class);
        assertThatThrownBy(follower::get).hasRootCauseMessage("compiler crashed");
        assertThat(flights.run("k", () -> "fresh")).isEqualTo(new SingleFlight.Outcome<>("fresh", true));
    }
}
