package dev.zccache.cache;

import dev.zccache.store.LocalStore;
import dev.zccache.store.Manifest;
import dev.zccache.store.ResultEntry;
import dev.zccache.store.remote.RemoteManifest;
import dev.zccache.store.remote.RemoteTier;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local miss asks the remote: its manifest for the context key, matched against the files
 * here as a local one would be; the entry that holds is fetched (the result, the blobs the local
 * store lacks), delivered from memory, and copied into the local store (the blobs, the result,
 * the entry added to the local manifest) by a background thread, off the build's path. Everything
 * read was verified by the tier; anything missing is a miss.
 */
final class RemoteFetch {

    private static final Logger log = LoggerFactory.getLogger(RemoteFetch.class);

    /** An entry fetched from the remote: what delivery needs, the blobs the store lacked in memory. */
    record Fetched(String resultKey, ResultEntry result, Map<String, byte[]> blobs) {
    }

    private final LocalStore store;
    private final RemoteTier remote;
    private final ManifestMatcher matcher;
    /** Stores fetched entries locally; when it falls behind, an entry is left to be fetched again. */
    private final ThreadPoolExecutor storing = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(1000), r -> {
                Thread t = new Thread(r, "zccache-remote-store");
                t.setDaemon(true);
                return t;
            }, new ThreadPoolExecutor.DiscardPolicy());

    RemoteFetch(LocalStore store, RemoteTier remote, ManifestMatcher matcher) {
        this.store = store;
        this.remote = remote;
        this.matcher = matcher;
    }

    /** A fetched entry was delivered: a remote hit. */
    void delivered() {
        remote.countHit();
    }

    /** The remote entry that holds here, or empty (no remote, or counted as a remote miss). */
    Optional<Fetched> fetch(ContextKey key, Path cwd, Map<String, String> env) throws IOException {
        if (!remote.enabled()) {
            return Optional.empty();
        }
        Optional<Fetched> fetched = fetchEntry(key, cwd, env);
        if (fetched.isEmpty()) {
            remote.countMiss();
        }
        return fetched;
    }

    private Optional<Fetched> fetchEntry(ContextKey key, Path cwd, Map<String, String> env) throws IOException {
        Optional<RemoteManifest> theirs = remote.manifest(key.key());
        if (theirs.isEmpty() || !(matcher.match(theirs.get().manifest(), cwd, key.paths(), env)
                instanceof ManifestMatcher.Matched matched)) {
            return Optional.empty();
        }
        String resultKey = matched.resultKey();
        Manifest.Entry entry = theirs.get().manifest().entries().stream()
                .filter(e -> e.resultKey().equals(resultKey)).findFirst().orElseThrow();
        Optional<ResultEntry> result = Optional.ofNullable(theirs.get().results().get(resultKey));
        if (result.isEmpty()) {
            return Optional.empty();
        }
        List<String> digests = new ArrayList<>(result.get().outputs().values());
        digests.add(result.get().stdout());
        digests.add(result.get().stderr());
        Map<String, byte[]> missing = new HashMap<>();
        for (String digest : digests) {
            if (digest.isEmpty() || missing.containsKey(digest) || store.hasBlob(digest)) {
                continue;
            }
            Optional<byte[]> bytes = remote.blob(digest);
            if (bytes.isEmpty()) {
                return Optional.empty();
            }
            missing.put(digest, bytes.get());
        }
        ResultEntry found = result.get();
        storing.execute(() -> storeLocally(key, entry, resultKey, found, missing.values()));
        return Optional.of(new Fetched(resultKey, found, missing));
    }

    private void storeLocally(ContextKey key, Manifest.Entry entry, String resultKey, ResultEntry result,
            Collection<byte[]> blobs) {
        try {
            store.publishing(() -> {
                for (byte[] b : blobs) {
                    store.putBlob(b);
                }
                store.putResult(resultKey, result);
                Manifest local = store.manifest(key.key()).orElse(Manifest.empty());
                store.putManifest(key.key(), local.with(entry).withContext(key.dump()));
            });
        } catch (IOException | RuntimeException e) {
            log.warn("could not store an entry fetched from the remote: {}", e.toString());
        }
    }
}
