package dev.zccache.journal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code logs/compile_journal.jsonl}: one JSON line per compile request, rotated by size, plus
 * the journal file of a session that asked for one. Lines are written by one background thread
 * in arrival order, in batches, so a hit never waits for the disk; readers {@link #flush()} first.
 */
public final class CompileJournal implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CompileJournal.class);

    /** How long an event may wait so that one wake-up of the writer writes a batch. */
    static final long BATCH_MILLIS = 20;

    private record Pending(CompileEvent event, Optional<Path> sessionJournal) {
    }

    private final JsonLinesFile main;
    private final JsonMapper json;
    private final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final ScheduledExecutorService writer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "zccache-journal");
        t.setDaemon(true);
        return t;
    });

    public CompileJournal(Path file, long maxBytes, JsonMapper json) {
        this.main = new JsonLinesFile(file, maxBytes);
        this.json = json;
    }

    public Path path() {
        return main.path();
    }

    /**
     * Queues the event for the journal and, when given, a session's journal file. The request
     * thread only enqueues: the writer wakes at most once per {@link #BATCH_MILLIS} while
     * compiles arrive (a wake-up per hit cost measurable time on two cores), never when idle.
     */
    public void append(CompileEvent event, Optional<Path> sessionJournal) {
        queue.add(new Pending(event, sessionJournal));
        if (drainScheduled.compareAndSet(false, true)) {
            try {
                writer.schedule(this::drain, BATCH_MILLIS, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException closed) {
                drainScheduled.set(false);
            }
        }
    }

    private void drain() {
        drainScheduled.set(false);
        Pending p;
        while ((p = queue.poll()) != null) {
            byte[] line = line(p.event());
            write(main, line);
            p.sessionJournal().ifPresent(path -> {
                // sessions are few and short: open, append, close keeps no file handles around
                try (JsonLinesFile f = new JsonLinesFile(path, Long.MAX_VALUE)) {
                    f.append(line);
                } catch (IOException e) {
                    log.warn("could not write session journal {}: {}", path, e.toString());
                }
            });
        }
    }

    /** Waits until every event queued so far is written (at most a few seconds). */
    public void flush() {
        try {
            writer.submit(this::drain).get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | RejectedExecutionException e) {
            log.debug("journal flush: {}", e.toString());
        }
    }

    /** Up to {@code limit} events that satisfy {@code keep}, oldest first (like tail). */
    public List<CompileEvent> tail(int limit, Predicate<CompileEvent> keep) throws IOException {
        flush();
        List<CompileEvent> out = new ArrayList<>(JsonLinesFile.newest(main.path(), limit, this::parse, keep));
        Collections.reverse(out);
        return out;
    }

    /** Every event in both generations, newest first (for rebuilding what explain knows after a restart). */
    List<CompileEvent> allNewestFirst() throws IOException {
        return JsonLinesFile.newest(main.path(), Integer.MAX_VALUE, this::parse, e -> true);
    }

    Optional<CompileEvent> parse(String line) {
        try {
            return Optional.of(json.readValue(line, CompileEvent.class));
        } catch (JacksonException torn) {
            return Optional.empty(); // a line cut by a crash, or hand-edited: skipped
        }
    }

    private byte[] line(CompileEvent event) {
        byte[] body = json.writeValueAsBytes(event);
        byte[] line = java.util.Arrays.copyOf(body, body.length + 1);
        line[body.length] = '\n';
        return line;
    }

    private static void write(JsonLinesFile f, byte[] line) {
        try {
            f.append(line);
        } catch (IOException e) {
            log.warn("could not write {}: {}", f.path(), e.toString());
        }
    }

    @Override
    public void close() {
        flush();
        writer.shutdown();
        try {
            writer.awaitTermination(5, TimeUnit.SECONDS);
            main.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            log.debug("closing journal: {}", e.toString());
        }
    }
}
