package dev.zccache.store;

import java.util.ArrayList;
import java.util.List;

/**
 * What a context key (compiler, arguments, cwd, environment) has compiled to before: one entry
 * per include closure seen, newest first. An entry matches when every file it lists still has
 * the recorded digest and every path that could shadow one of them is still absent; its result
 * key then names the stored outputs.
 *
 * @param context the dump of the context key (KeyHasher) that names this manifest: what a later
 *     compile of the same output is compared with to say which argument or variable changed
 *     (null in manifests written before it was kept)
 */
public record Manifest(List<Entry> entries, String context) {

    /** At most this many closures per context key; the oldest go first. */
    public static final int MAX_ENTRIES = 32;

    /**
     * @param variables the environment variables the tool said the output depends on, with the
     *     values this closure was compiled with (null in entries written before they were kept)
     */
    public record Entry(List<FileRecord> files, List<String> absentPaths, String resultKey,
            List<VariableRecord> variables) {

        public Entry(List<FileRecord> files, List<String> absentPaths, String resultKey) {
            this(files, absentPaths, resultKey, List.of());
        }

        /** Never null. */
        public List<VariableRecord> variablesOrNone() {
            return variables == null ? List.of() : variables;
        }
    }

    /** An environment variable and its value (null: it was unset, which is not the same as empty). */
    public record VariableRecord(String name, String value) {
    }

    /** A file of the closure (the source, headers, files named by options) and its SHA-256. */
    public record FileRecord(String path, String digest) {
    }

    /** This manifest with {@code entry} in front, replacing an entry with the same result key. */
    public Manifest with(Entry entry) {
        List<Entry> out = new ArrayList<>(Math.min(entries.size() + 1, MAX_ENTRIES));
        out.add(entry);
        for (Entry e : entries) {
            if (out.size() == MAX_ENTRIES) {
                break;
            }
            if (!e.resultKey().equals(entry.resultKey())) {
                out.add(e);
            }
        }
        return new Manifest(List.copyOf(out), context);
    }

    public Manifest withContext(String dump) {
        return new Manifest(entries, dump);
    }

    public static Manifest empty() {
        return new Manifest(List.of(), null);
    }
}
