package dev.zccache.compile;

import dev.zccache.hash.Sha256;
import dev.zccache.journal.CompileEvent;
import dev.zccache.store.Manifest;
import dev.zccache.store.ResultEntry;
import dev.zccache.store.remote.RemoteManifest;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Pays, on a thread of its own once the socket answers, what a fresh daemon's first compiles
 * would each pay once: Jackson's readers and writers of the records a compile reads and writes,
 * and a round trip of a sample of each (the parser of stored bytes, the records' constructors
 * called through reflection), and the system's libcrypto loaded for file digests. Paid by the
 * first compiles instead, they cost a fresh daemon's first hits 100-150 ms (profiled: the remote
 * manifest's parse ~45 %, the first file digest ~30 %), and the concurrent first requests of a
 * -j build waited for Jackson's introspection on its cache lock. Then, on the same thread, the
 * {@link CompileRehearsal} until the first compile request.
 */
@Component
final class FirstCompileWarmUp {

    private static final Logger log = LoggerFactory.getLogger(FirstCompileWarmUp.class);

    private final JsonMapper json;
    /** Runs after the warm-up, on its thread; null in tests of the warm-up alone. */
    private final CompileRehearsal rehearsal;

    @Autowired
    FirstCompileWarmUp(JsonMapper json, CompileRehearsal rehearsal) {
        this.json = json;
        this.rehearsal = rehearsal;
    }

    FirstCompileWarmUp(JsonMapper json) {
        this(json, null);
    }

    @EventListener(ApplicationReadyEvent.class)
    public void start() {
        Thread t = new Thread(() -> {
            warmUp();
            rehearse();
        }, "zccache-warm-up");
        t.setDaemon(true);
        t.start();
    }

    private void rehearse() {
        if (rehearsal == null) {
            return;
        }
        long start = System.nanoTime();
        try {
            CompileRehearsal.Rehearsed done = rehearsal.rehearse();
            log.info("rehearsed {} compiles ({} entries checked in full) in {} ms", done.compiles(), done.fullChecks(),
                    (System.nanoTime() - start) / 1_000_000);
        } catch (IOException | RuntimeException e) {
            log.info("rehearsal stopped: {}", e.toString());
        }
    }

    /**
     * Jackson caches the (de)serializers a round trip made, for the mapper every class uses: a
     * sample's reader and writer are made here, not by the first compile.
     */
    void warmUp() {
        try {
            Sha256.prepare();
            for (Object sample : samples()) {
                json.readValue(json.writeValueAsBytes(sample), sample.getClass());
            }
        } catch (RuntimeException e) {
            // the first compiles then pay for it, as they would have anyway
            log.debug("warm-up stopped: {}", e.toString());
        }
    }

    /**
     * One of each record a hit reads (manifest, result, a remote's manifest) and every compile
     * writes (journal event), every nested record and collection in it filled.
     */
    static List<Object> samples() {
        String digest = "0".repeat(64);
        Manifest manifest = Manifest.empty().with(new Manifest.Entry(List.of(new Manifest.FileRecord("/a.h", digest)),
                List.of("/b.h"), digest, List.of(new Manifest.VariableRecord("V", "1"))));
        ResultEntry result = new ResultEntry(Map.of("object", digest), "", "", "a.o", 1, "/base");
        return List.of(manifest, result, new RemoteManifest(manifest, Map.of(digest, result)),
                new CompileEvent("1970-01-01T00:00:00Z", "hit", null, null, "/cc", List.of("-c"), "/", "a.c", "a.o",
                        0, 1, null, digest, Map.of("LANG", "C")));
    }
}
