package dev.zccache.cache;

import dev.zccache.compiler.Invocation;
import dev.zccache.outcome.Reason;
import dev.zccache.store.LocalStore;
import dev.zccache.store.Manifest;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/** Says why a lookup missed, when it misses: what changed since the entry it would have matched. */
final class MissExplainer {

    private final LocalStore store;
    private final CompileHistory history;

    MissExplainer(LocalStore store, CompileHistory history) {
        this.store = store;
        this.history = history;
    }

    /** No manifest under this key: what differs from the last compile of the same output. */
    Lookup.Miss newContext(Invocation inv, Path cwd, ContextKey key) throws IOException {
        Path output = cwd.resolve(inv.output()).normalize();
        Optional<String> previous = history.previousContextKey(output);
        if (previous.isEmpty()) {
            Optional<Path> elsewhere = history.otherDirectory(cwd, output);
            if (elsewhere.isPresent()) {
                return new Lookup.Miss(Reason.PATH_DEPENDENT, "compiled before in " + elsewhere.get()
                        + ": entries are keyed by the working directory, which outputs name (debug info,"
                        + " rustc's metadata), so this checkout compiles its own");
            }
            return new Lookup.Miss(Reason.NEW, "no earlier compile of " + output + " is known to this cache");
        }
        if (previous.get().equals(key.key())) {
            return new Lookup.Miss(Reason.ENTRY_EVICTED,
                    "the entry of this exact compile was evicted (size budget) or cleared");
        }
        Optional<Manifest> before = store.manifest(previous.get());
        if (before.isEmpty() || before.get().context() == null) {
            return new Lookup.Miss(Reason.CONTEXT_CHANGED, "the compiler, arguments or environment differ from the"
                    + " previous compile of " + output + ", whose entry is no longer in the store to compare with");
        }
        ContextDiff.Difference d = ContextDiff.between(before.get().context(), key.dump());
        return new Lookup.Miss(d.reason(), String.join("\n", d.changes()));
    }

    /** The manifest's newest closure no longer holds: which file. */
    Lookup.Miss closureChanged(Invocation inv, Path cwd, ManifestMatcher.NoMatch no) {
        Path path = cwd.resolve(no.path()).normalize();
        boolean source = path.equals(cwd.resolve(inv.source()).normalize());
        return switch (no.change()) {
            case FILE_CHANGED -> source
                    ? new Lookup.Miss(Reason.SOURCE_CHANGED, "source changed: " + path)
                    : new Lookup.Miss(Reason.HEADER_CHANGED, "header changed: " + path);
            case FILE_MISSING -> new Lookup.Miss(source ? Reason.SOURCE_CHANGED : Reason.HEADER_MISSING,
                    "a file of the previous include closure is gone: " + path);
            case FILE_APPEARED -> new Lookup.Miss(Reason.HEADER_SHADOWED,
                    "a new file would now be included instead of a recorded one: " + path);
            case VARIABLE_CHANGED -> new Lookup.Miss(Reason.ENV_DEP_CHANGED,
                    "an environment variable the compiler read (env!, option_env!) changed: " + no.path());
            case NO_ENTRIES -> new Lookup.Miss(Reason.NEW, "no compile with this context has been stored yet");
        };
    }
}
