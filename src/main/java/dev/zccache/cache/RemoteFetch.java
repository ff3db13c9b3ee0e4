package dev.zccache.cache;

import dev.zccache.store.LocalStore;
import dev.zccache.store.Manifest;
import dev.zccache.store.ResultEntry;
import dev.zccache.store.remote.RemoteTier;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A local miss asks the remote: its manifest for the context key, matched against the files
 * here as a local one would be; the entry that holds is copied into the local store (blobs the
 * store lacks, the result, the entry added to the local manifest) and then delivered from there
 * like any local hit. Everything read was verified by the tier; anything missing is a miss.
 */
final class RemoteFetch {

    private final LocalStore store;
    private final RemoteTier remote;
    private final ManifestMatcher matcher;

    RemoteFetch(LocalStore store, RemoteTier remote, ManifestMatcher matcher) {
        this.store = store;
        this.remote = remote;
        this.matcher = matcher;
    }

    /** The result key of the remote entry now in the local store, or empty (counted as a remote miss). */
    Optional<String> fetch(ContextKey key, Path cwd, Map<String, String> env) throws IOException {
        if (!remote.enabled()) {
            return Optional.empty();
        }
        Optional<String> fetched = fetchEntry(key, cwd, env);
        if (fetched.isEmpty()) {
            remote.countMiss();
        }
        return fetched;
    }

    private Optional<String> fetchEntry(ContextKey key, Path cwd, Map<String, String> env) throws IOException {
        Optional<Manifest> theirs = remote.manifest(key.key());
        if (theirs.isEmpty()
                || !(matcher.match(theirs.get(), cwd, key.paths(), env) instanceof ManifestMatcher.Matched matched)) {
            return Optional.empty();
        }
        String resultKey = matched.resultKey();
        Manifest.Entry entry = theirs.get().entries().stream().filter(e -> e.resultKey().equals(resultKey))
                .findFirst().orElseThrow();
        Optional<ResultEntry> result = store.result(resultKey);
        if (result.isEmpty()) {
            result = remote.result(resultKey);
        }
        if (result.isEmpty()) {
            return Optional.empty();
        }
        List<String> digests = new ArrayList<>(result.get().outputs().values());
        digests.add(result.get().stdout());
        digests.add(result.get().stderr());
        List<byte[]> missing = new ArrayList<>();
        for (String digest : digests) {
            if (digest.isEmpty() || store.hasBlob(digest)) {
                continue;
            }
            Optional<byte[]> bytes = remote.blob(digest);
            if (bytes.isEmpty()) {
                return Optional.empty();
            }
            missing.add(bytes.get());
        }
        ResultEntry found = result.get();
        store.publishing(() -> {
            for (byte[] b : missing) {
                store.putBlob(b);
            }
            store.putResult(resultKey, found);
            Manifest local = store.manifest(key.key()).orElse(Manifest.empty());
            store.putManifest(key.key(), local.with(entry).withContext(key.dump()));
        });
        return Optional.of(resultKey);
    }
}
