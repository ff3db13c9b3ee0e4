package dev.zccache.store.remote;

import dev.zccache.store.Manifest;
import dev.zccache.store.ResultEntry;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A manifest as the remote holds it: with the result of each of its entries inside, so that a
 * remote hit reads the manifest and the blobs, one request fewer than a separate result.
 *
 * @param results the result of each entry, by result key
 */
public record RemoteManifest(Manifest manifest, Map<String, ResultEntry> results) {

    public static RemoteManifest empty() {
        return new RemoteManifest(Manifest.empty(), Map.of());
    }

    /**
     * This one with {@code entry} and its result in front (the oldest entries beyond
     * {@link Manifest#MAX_ENTRIES} go, with their results); entries without a result are dropped.
     */
    public RemoteManifest with(Manifest.Entry entry, ResultEntry result, String context) {
        List<Manifest.Entry> kept = manifest.entries().stream().filter(e -> results.containsKey(e.resultKey()))
                .toList();
        Manifest m = new Manifest(kept, context != null ? context : manifest.context()).with(entry);
        Map<String, ResultEntry> r = new HashMap<>();
        for (Manifest.Entry e : m.entries()) {
            r.put(e.resultKey(), e == entry ? result : results.get(e.resultKey()));
        }
        return new RemoteManifest(m, Map.copyOf(r));
    }
}
