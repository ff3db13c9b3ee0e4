package dev.zccache.cache;

import dev.zccache.compiler.CompilerIdentity;
import dev.zccache.compiler.Invocation;
import dev.zccache.compiler.Output;
import dev.zccache.compiler.PathMap;
import dev.zccache.protocol.ReplySink;
import dev.zccache.store.LocalStore;
import dev.zccache.store.OutputFiles;
import dev.zccache.store.ResultEntry;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Delivers a stored result: every output the invocation names (rewritten ones made for this
 * call), then stdout and stderr. Nothing is replayed unless every output could be delivered.
 */
final class OutputDelivery {

    private static final byte[] EMPTY = new byte[0];

    private final LocalStore store;

    OutputDelivery(LocalStore store) {
        this.store = store;
    }

    /**
     * False (and the result dropped) when a stored part is missing or damaged.
     *
     * @param fetched blobs at hand (fetched from the remote, not yet in the store), by digest;
     *     the others are read from the store
     */
    boolean deliver(Invocation inv, CompilerIdentity tool, Path cwd, PathMap paths, int umask, String resultKey,
            ResultEntry e, Map<String, byte[]> fetched, ReplySink sink) throws IOException {
        // a dependency file stored by a checkout at another base names that base's files
        String object = paths.rebase(e.object(), e.base());
        // diagnostics of a compile under another base name that base's files (an absolute source)
        Optional<byte[]> stdout = blobOrEmpty(e.stdout(), fetched).map(b -> paths.rebase(b, e.base()));
        Optional<byte[]> stderr = blobOrEmpty(e.stderr(), fetched).map(b -> paths.rebase(b, e.base()));
        List<Output> outputs = inv.outputs();
        Map<String, byte[]> rewritten = new HashMap<>(2);
        for (Output o : outputs) {
            String digest = e.outputs().get(o.role());
            if (o.rewritten() && digest != null) {
                Optional<byte[]> bytes = read(digest, fetched)
                        .flatMap(b -> inv.rewrite(o, paths.rebase(b, e.base()), object, tool));
                if (bytes.isEmpty()) {
                    return drop(resultKey);
                }
                rewritten.put(o.role(), bytes.get());
            }
        }
        if (stdout.isEmpty() || stderr.isEmpty()) {
            return drop(resultKey);
        }
        for (Output o : outputs) {
            String digest = e.outputs().get(o.role());
            if (digest == null) {
                if (o.required()) {
                    return drop(resultKey);
                }
                continue; // this run wrote none (clang -gsplit-dwarf without -g, an assembler's .d)
            }
            Path path = cwd.resolve(o.path());
            if (o.rewritten()) {
                OutputFiles.write(path, rewritten.get(o.role()), umask);
            } else if (fetched.containsKey(digest)) {
                OutputFiles.write(path, fetched.get(digest), umask);
                OutputFiles.applyUmask(path, umask, o.executable());
            } else if (store.deliverBlob(digest, path)) {
                OutputFiles.applyUmask(path, umask, o.executable());
            } else {
                return drop(resultKey);
            }
        }
        sink.stdout(stdout.get(), 0, stdout.get().length);
        sink.stderr(stderr.get(), 0, stderr.get().length);
        return true;
    }

    private boolean drop(String resultKey) throws IOException {
        store.dropResult(resultKey);
        return false;
    }

    private Optional<byte[]> blobOrEmpty(String digest, Map<String, byte[]> fetched) throws IOException {
        return digest.isEmpty() ? Optional.of(EMPTY) : read(digest, fetched);
    }

    private Optional<byte[]> read(String digest, Map<String, byte[]> fetched) throws IOException {
        byte[] at = fetched.get(digest);
        return at != null ? Optional.of(at) : store.readBlob(digest);
    }
}
