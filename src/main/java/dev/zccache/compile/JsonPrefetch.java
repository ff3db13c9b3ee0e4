package dev.zccache.compile;

import dev.zccache.journal.CompileEvent;
import dev.zccache.store.Manifest;
import dev.zccache.store.ResultEntry;
import dev.zccache.store.remote.RemoteManifest;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Has Jackson make its readers and writers of the records a compile reads and writes, on a
 * thread of its own once the socket answers. Made by the first compile instead, they cost a fresh
 * daemon's first hits ~200 ms (Jackson's introspection, interpreted), and the concurrent first
 * requests of a -j build waited for them on Jackson's cache lock.
 */
@Component
final class JsonPrefetch {

    private static final Logger log = LoggerFactory.getLogger(JsonPrefetch.class);

    /** What a hit reads (manifest, result, a remote's manifest) and every compile writes. */
    static final List<Class<?>> RECORDS = List.of(Manifest.class, ResultEntry.class, RemoteManifest.class,
            CompileEvent.class);

    private final JsonMapper json;

    JsonPrefetch(JsonMapper json) {
        this.json = json;
    }

    @EventListener(ApplicationReadyEvent.class)
    public void start() {
        Thread t = new Thread(this::prefetch, "zccache-json-prefetch");
        t.setDaemon(true);
        t.start();
    }

    /** Jackson caches what the readers and writers found, for the mapper every class uses. */
    void prefetch() {
        try {
            for (Class<?> type : RECORDS) {
                json.readerFor(type);
                json.writerFor(type);
            }
        } catch (RuntimeException e) {
            // the first compile then makes them, as it would have anyway
            log.debug("JSON prefetch stopped: {}", e.toString());
        }
    }
}
