package dev.zccache.cache;

import dev.zccache.compiler.CompilerIdentity;
import dev.zccache.compiler.Invocation;
import dev.zccache.compiler.LearntInputs;
import dev.zccache.outcome.Reason;
import dev.zccache.protocol.ReplySink;
import dev.zccache.store.LocalStore;
import dev.zccache.store.Manifest;
import dev.zccache.store.ResultEntry;
import dev.zccache.store.remote.RemoteTier;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The cache as the compile flow sees it: look a call up by its context key and the manifest's
 * closures and deliver a hit; store what a miss learnt and produced.
 */
public final class CacheLookup {

    private final LocalStore store;
    private final ManifestMatcher matcher;
    private final MissExplainer explainer;
    private final OutputDelivery delivery;
    private final ResultPublisher publisher;
    private final ClosureRecorder recorder;
    private final RemoteFetch remote;

    CacheLookup(LocalStore store, ManifestMatcher matcher, CompileHistory history, ClosureRecorder recorder,
            RemoteTier remote) {
        this.store = store;
        this.matcher = matcher;
        this.explainer = new MissExplainer(store, history);
        this.delivery = new OutputDelivery(store);
        this.publisher = new ResultPublisher(store, remote);
        this.recorder = recorder;
        this.remote = new RemoteFetch(store, remote, matcher);
    }

    /**
     * A lookup like this one over another store, with no history and no remote: the file memos
     * are shared, the proofs and counters its own (the daemon's rehearsal in a scratch store).
     */
    public CacheLookup over(LocalStore otherStore) {
        return new CacheLookup(otherStore, matcher.sibling(), CompileHistory.NONE, recorder, RemoteTier.none());
    }

    /**
     * Forgets what earlier lookups learnt of the entries (the matcher's proofs, the store's parsed
     * records), as a fresh daemon has not learnt it: the next lookups check and parse everything.
     * The file memos stay.
     */
    public void forgetEntries() {
        matcher.forgetProofs();
        store.forgetParsedRecords();
    }

    /** Entries this lookup's matcher checked the full way (with no proof to re-confirm). */
    public long fullChecks() {
        return matcher.fullChecks();
    }

    /**
     * A hit (outputs delivered, stdout and stderr replayed into the sink) or why there is none.
     *
     * @param env the caller's environment (for the variables an entry recorded)
     */
    public Lookup lookup(ContextKey key, Invocation inv, CompilerIdentity tool, Path cwd, Map<String, String> env,
            int umask, ReplySink sink) throws IOException {
        Lookup local = lookupLocally(key, inv, tool, cwd, env, umask, sink);
        if (local instanceof Lookup.Miss miss) {
            Optional<RemoteFetch.Fetched> fetched = remote.fetch(key, cwd, env);
            if (fetched.isPresent() && delivery.deliver(inv, tool, cwd, key.paths(), umask, fetched.get().resultKey(),
                    fetched.get().result(), fetched.get().blobs(), sink)) {
                remote.delivered();
                return new Lookup.Hit(fetched.get().result().compileMillis());
            }
            return miss;
        }
        return local;
    }

    private Lookup lookupLocally(ContextKey key, Invocation inv, CompilerIdentity tool, Path cwd,
            Map<String, String> env, int umask, ReplySink sink) throws IOException {
        Optional<Manifest> manifest = store.manifest(key.key());
        if (manifest.isEmpty()) {
            return explainer.newContext(inv, cwd, key);
        }
        ManifestMatcher.Match match = matcher.match(manifest.get(), cwd, key.paths(), env);
        if (match instanceof ManifestMatcher.NoMatch no) {
            return explainer.closureChanged(inv, cwd, no);
        }
        String resultKey = ((ManifestMatcher.Matched) match).resultKey();
        Optional<ResultEntry> entry = store.result(resultKey);
        if (entry.isEmpty()) {
            return new Lookup.Miss(Reason.ENTRY_EVICTED, "the stored result of this exact compile was evicted"
                    + " (size budget) or removed");
        }
        return delivery.deliver(inv, tool, cwd, key.paths(), umask, resultKey, entry.get(), Map.of(), sink)
                ? new Lookup.Hit(entry.get().compileMillis())
                : new Lookup.Miss(Reason.ENTRY_DAMAGED,
                        "a stored output of this compile was missing or damaged; compiled again");
    }

    /** Records a successful miss's inputs; refuses when one changed while it ran or breaks the content rule. */
    public ClosureRecorder.Outcome record(LearntInputs.Inputs inputs, ContextKey key, Path cwd,
            Map<String, String> env, long startNanos) throws IOException {
        return recorder.record(inputs, cwd, key.paths(), env, startNanos);
    }

    /**
     * Stores a recorded miss under its key.
     *
     * @param written the roles of the outputs the run wrote (others found in their place are not its)
     */
    public void publish(ContextKey key, Invocation inv, Path cwd, Set<String> written,
            ClosureRecorder.Recorded closure, byte[] stdout, byte[] stderr, long millis) throws IOException {
        publisher.publish(key, inv, cwd, written, closure, stdout, stderr, millis);
    }

    /** The store's scratch space could not be written (its health says so until an entry is). */
    public void scratchFailed(String why) {
        store.writeFailed(why);
    }

    /** Where a miss's private files go. */
    public Path tmp() {
        return store.tmp();
    }
}
