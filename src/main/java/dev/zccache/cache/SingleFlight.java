package dev.zccache.cache;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Identical misses compile once: the first caller for a key runs the work, callers that arrive
 * while it runs wait for its result instead of starting their own. Different keys never wait on
 * each other (no global lock). A failure is handed to the waiters too; the next caller after it
 * starts afresh.
 */
public final class SingleFlight<K, V> {

    private final ConcurrentMap<K, CompletableFuture<V>> running = new ConcurrentHashMap<>();
    private final AtomicInteger waiting = new AtomicInteger();

    /** The outcome of {@link #run}: the value and whether this caller did the work. */
    public record Outcome<V>(V value, boolean leader) {
    }

    public Outcome<V> run(K key, Callable<V> work) throws Exception {
        CompletableFuture<V> mine = new CompletableFuture<>();
        CompletableFuture<V> theirs = running.putIfAbsent(key, mine);
        if (theirs != null) {
            waiting.incrementAndGet();
            try {
                return new Outcome<>(theirs.get(), false);
            } catch (ExecutionException e) {
                throw rethrow(e.getCause());
            } finally {
                waiting.decrementAndGet();
            }
        }
        try {
            V value = work.call();
            mine.complete(value);
            return new Outcome<>(value, true);
        } catch (Exception | Error e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            running.remove(key, mine);
        }
    }

    /** Keys with work in progress (for status and tests). */
    public int inFlight() {
        return running.size();
    }

    /** Callers waiting for another caller's identical work. */
    public int waiting() {
        return waiting.get();
    }

    private static Exception rethrow(Throwable cause) {
        if (cause instanceof Error error) {
            throw error;
        }
        return (Exception) cause;
    }
}
