package dev.zccache.cache;

import dev.zccache.compiler.Invocation;
import dev.zccache.compiler.Output;
import dev.zccache.hash.KeyHasher;
import dev.zccache.store.LocalStore;
import dev.zccache.store.Manifest;
import dev.zccache.store.ResultEntry;
import dev.zccache.store.remote.RemoteTier;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Publishes a miss: blobs, then the result, then the manifest, so that a reader never finds a
 * manifest whose result is missing; then hands the entry to the remote tier, which writes it in
 * the background.
 */
final class ResultPublisher {

    private final LocalStore store;
    private final RemoteTier remote;

    ResultPublisher(LocalStore store, RemoteTier remote) {
        this.store = store;
        this.remote = remote;
    }

    /**
     * @param cwd where the run wrote its outputs (already with the caller's umask)
     * @param written the roles of the outputs the run wrote
     * @param stdout what the tool wrote, replayed on every hit
     * @param millis how long the run took (what a hit saves)
     */
    void publish(ContextKey key, Invocation inv, Path cwd, Set<String> written, ClosureRecorder.Recorded closure,
            byte[] stdout, byte[] stderr, long millis) throws IOException {
        // one step against zccache clear: a manifest written after it must not name a result
        // or blob written before it
        store.publishing(() -> write(key, inv, cwd, written, closure, stdout, stderr, millis));
    }

    private void write(ContextKey key, Invocation inv, Path cwd, Set<String> written, ClosureRecorder.Recorded closure,
            byte[] stdout, byte[] stderr, long millis) throws IOException {
        Map<String, String> outputs = new HashMap<>();
        for (Output o : inv.outputs()) {
            if (written.contains(o.role())) {
                outputs.put(o.role(), store.putBlob(cwd.resolve(o.path())));
            }
        }
        String out = stdout.length == 0 ? "" : store.putBlob(stdout);
        String err = stderr.length == 0 ? "" : store.putBlob(stderr);
        KeyHasher rk = new KeyHasher().string("context", key.key());
        for (Manifest.FileRecord f : closure.files()) {
            rk.string(f.path(), f.digest());
        }
        for (Manifest.VariableRecord v : closure.variables()) {
            rk.string("env " + v.name(), v.value() == null ? "\0unset" : "=" + v.value());
        }
        String resultKey = rk.key();
        ResultEntry result = new ResultEntry(Map.copyOf(outputs), out, err, inv.output(), millis,
                key.paths().baseString());
        store.putResult(resultKey, result);
        Manifest.Entry entry = new Manifest.Entry(closure.files(), closure.absentPaths(), resultKey,
                closure.variables());
        store.putManifest(key.key(), store.manifest(key.key()).orElse(Manifest.empty()).with(entry)
                .withContext(key.dump()));
        remote.offer(new RemoteTier.Upload(key.key(), key.dump(), entry, result)); // never waits
    }
}
