package dev.zccache.store.remote;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zccache.hash.Sha256;
import dev.zccache.store.Manifest;
import dev.zccache.store.ResultEntry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class RemoteTierTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String CONTEXT = "11".repeat(32);
    private static final String RESULT = "22".repeat(32);

    /** A server in memory that can be made to fail or stall. */
    static final class MemoryBackend implements RemoteBackend {
        final Map<String, byte[]> values = new ConcurrentHashMap<>();
        final List<String> writes = java.util.Collections.synchronizedList(new ArrayList<>());
        volatile IOException failure;
        volatile CountDownLatch stall;

        @Override
        public Optional<byte[]> get(Kind kind, String key) throws IOException {
            if (failure != null) {
                throw failure;
            }
            return Optional.ofNullable(values.get(kind.letter + key));
        }

        @Override
        public void put(Kind kind, String key, byte[] value) throws IOException {
            if (stall != null) {
                try {
                    stall.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    throw new IOException(e);
                }
            }
            if (failure != null) {
                throw failure;
            }
            values.put(kind.letter + key, value);
            writes.add(kind.name());
        }

        @Override
        public String describe() {
            return "memory";
        }

        @Override
        public void close() {
        }
    }

    private final MemoryBackend server = new MemoryBackend();
    private final byte[] object = "an object".getBytes(StandardCharsets.UTF_8);
    private final String objectDigest = Sha256.hex(Sha256.newDigest().digest(object));

    private RemoteTier tier(boolean readOnly, int queue) {
        return new RemoteTier(server, JSON, d -> d.equals(objectDigest) ? Optional.of(object) : Optional.empty(),
                new RemoteTier.Settings(readOnly, 1 << 20, queue, 3, Duration.ofSeconds(30)), Clock.systemUTC());
    }

    private RemoteTier.Upload upload() {
        ResultEntry result = new ResultEntry(Map.of("object", objectDigest), "", "", "a.o", 12);
        return new RemoteTier.Upload(CONTEXT, "dump", new Manifest.Entry(
                List.of(new Manifest.FileRecord("/src/a.c", "33".repeat(32))), List.of(), RESULT), result);
    }

    private static void awaitWrites(RemoteTier t, long n) {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (t.counters().snapshot().get("writes") + t.counters().snapshot().get("writes_dropped") < n
                && System.nanoTime() < end) {
            Thread.onSpinWait();
        }
    }

    @Test
    void writesBlobsThenTheManifestWithItsResultsAndReadsThemBackVerified() {
        try (RemoteTier t = tier(false, 10)) {
            assertThat(t.offer(upload())).isTrue();
            awaitWrites(t, 1);
            assertThat(server.writes).containsExactly("BLOB", "MANIFEST");
            RemoteManifest m = t.manifest(CONTEXT).orElseThrow();
            assertThat(m.manifest().entries().get(0).resultKey()).isEqualTo(RESULT);
            assertThat(m.manifest().context()).isEqualTo("dump");
            assertThat(m.results().get(RESULT).outputs()).containsEntry("object", objectDigest);
            assertThat(t.blob(objectDigest)).hasValue(object);
            assertThat(t.counters().snapshot()).containsEntry("writes", 1L).containsEntry("rejected", 0L);
            // a blob sent once is not sent again
            t.offer(upload());
            awaitWrites(t, 2);
            assertThat(server.writes).containsExactly("BLOB", "MANIFEST", "MANIFEST");
        }
    }

    @Test
    void aCorruptValueIsRejectedAndIsNoAnswer() {
        try (RemoteTier t = tier(false, 10)) {
            t.offer(upload());
            awaitWrites(t, 1);
            byte[] damaged = server.values.get("m" + CONTEXT).clone();
            damaged[damaged.length - 1] ^= 1;
            server.values.put("m" + CONTEXT, damaged);
            server.values.put("b" + objectDigest, "something else".getBytes(StandardCharsets.UTF_8));
            assertThat(t.manifest(CONTEXT)).isEmpty();
            assertThat(t.blob(objectDigest)).isEmpty();
            assertThat(t.counters().snapshot()).containsEntry("rejected", 2L);
            assertThat(t.status()).isEqualTo("UP"); // the server answered: not its fault
        }
    }

    @Test
    void errorsOpenTheBreakerAfterThreeAndATimeoutAtOnce() {
        try (RemoteTier t = tier(true, 10)) {
            server.failure = new IOException("refused");
            for (int i = 0; i < 5; i++) {
                assertThat(t.manifest(CONTEXT)).isEmpty();
            }
            assertThat(t.counters().snapshot()).containsEntry("errors", 3L).containsEntry("skipped", 2L);
            assertThat(t.status()).isEqualTo("OUT_OF_SERVICE");
        }
        try (RemoteTier t = tier(true, 10)) {
            server.failure = new RemoteTimeoutException("no answer");
            t.manifest(CONTEXT);
            t.manifest(CONTEXT);
            assertThat(t.counters().snapshot()).containsEntry("timeouts", 1L).containsEntry("skipped", 1L);
        }
    }

    @Test
    void aRemoteNeverReachedIsAskedAgainSoonOneThatAnsweredBeforeAfterTheOpenTime() {
        SettableClock clock = new SettableClock();
        try (RemoteTier t = new RemoteTier(server, JSON, d -> Optional.empty(),
                new RemoteTier.Settings(true, 1 << 20, 10, 3, Duration.ofSeconds(30)), clock)) {
            server.failure = new RemoteUnavailableException("refused", true, new java.net.ConnectException("refused"));
            t.manifest(CONTEXT);
            assertThat(t.status()).isEqualTo("OUT_OF_SERVICE");
            clock.advance(RemoteTier.FIRST_CONTACT_RETRY.plusMillis(1));
            server.failure = null; // the server is up now
            t.manifest(CONTEXT);
            assertThat(t.status()).isEqualTo("UP");
            server.failure = new RemoteUnavailableException("refused", true, new java.net.ConnectException("refused"));
            t.manifest(CONTEXT);
            clock.advance(Duration.ofSeconds(2));
            t.manifest(CONTEXT);
            assertThat(t.counters().snapshot()).containsEntry("errors", 2L).containsEntry("skipped", 1L);
            clock.advance(Duration.ofSeconds(30));
            assertThat(t.status()).isEqualTo("DOWN");
        }
    }

    @Test
    void aRemoteThatAcceptsAndNeverAnswersIsNotAskedForTheWholeOpenTime() {
        try (RemoteTier t = tier(true, 10)) {
            server.failure = new RemoteUnavailableException("handshake timed out", true, null);
            t.manifest(CONTEXT);
            t.manifest(CONTEXT);
            assertThat(t.counters().snapshot()).containsEntry("errors", 1L).containsEntry("skipped", 1L);
        }
    }

    @Test
    void readOnlyWritesNothing() {
        try (RemoteTier t = tier(true, 10)) {
            assertThat(t.offer(upload())).isFalse();
            assertThat(server.values).isEmpty();
        }
    }

    @Test
    void aFullQueueDropsAndCountsInsteadOfWaiting() {
        server.stall = new CountDownLatch(1);
        try (RemoteTier t = tier(false, 2)) {
            int accepted = 0;
            for (int i = 0; i < 10; i++) {
                accepted += t.offer(upload()) ? 1 : 0;
            }
            assertThat(accepted).isBetween(2, 3); // the writer may have taken one off the queue
            assertThat(t.counters().snapshot().get("writes_dropped")).isEqualTo(10L - accepted);
            server.stall.countDown();
        }
    }

    @Test
    void aNewEntryGoesInFrontOfTheirsWithItsResult() {
        ResultEntry r = new ResultEntry(Map.of(), "", "", "a.o", 1);
        RemoteManifest theirs = RemoteManifest.empty().with(new Manifest.Entry(List.of(), List.of(), "a"), r, "x")
                .with(new Manifest.Entry(List.of(), List.of(), "b"), r, "x");
        RemoteManifest merged = theirs.with(new Manifest.Entry(List.of(), List.of(), "a"), r, "y");
        assertThat(merged.manifest().entries()).extracting(Manifest.Entry::resultKey).containsExactly("a", "b");
        assertThat(merged.results()).containsOnlyKeys("a", "b");
        assertThat(merged.manifest().context()).isEqualTo("y");
        // the oldest go, with their results
        RemoteManifest full = RemoteManifest.empty();
        for (int i = 0; i < Manifest.MAX_ENTRIES + 3; i++) {
            full = full.with(new Manifest.Entry(List.of(), List.of(), "k" + i), r, "x");
        }
        assertThat(full.results()).hasSize(Manifest.MAX_ENTRIES).doesNotContainKey("k0");
    }
}
