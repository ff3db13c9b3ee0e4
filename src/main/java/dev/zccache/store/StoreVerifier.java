package dev.zccache.store;

import dev.zccache.hash.Sha256;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import tools.jackson.databind.json.JsonMapper;

/**
 * Checks every file of a store against what names it ({@code zccache verify}): each blob's bytes
 * against its name (their SHA-256), each result and manifest as JSON, each result's blobs and
 * each manifest entry's result as present and sound, and the index against the files. Reads
 * only; {@link LocalStore#verify} repairs what it finds.
 */
final class StoreVerifier {

    /** What can be wrong, in the order a report lists them. */
    enum Problem {
        DAMAGED_BLOB("blob whose bytes do not match its name"),
        DAMAGED_RESULT("result that is not readable"),
        RESULT_WITHOUT_BLOB("result naming a missing or damaged blob"),
        DAMAGED_MANIFEST("manifest that is not readable"),
        ENTRY_WITHOUT_RESULT("manifest naming a missing or unusable result"),
        STRAY_FILE("file outside the store's layout"),
        MISCOUNTED_SHARD("shard whose size the index miscounts");

        final String text;

        Problem(String text) {
            this.text = text;
        }
    }

    /**
     * @param path the file, relative to the store's root ("blobs/ab/cd…"), or for a miscounted
     *     shard its two hex digits
     * @param key the blob digest, result key or manifest key it stands for
     */
    record Finding(Problem problem, String path, String key) {
    }

    /** Files checked, by directory, and every problem found. */
    record Report(Map<String, Long> checked, List<Finding> findings) {

        long count(Problem p) {
            return findings.stream().filter(f -> f.problem() == p).count();
        }
    }

    private final Path root;
    private final JsonMapper json;

    StoreVerifier(Path root, JsonMapper json) {
        this.root = root;
        this.json = json;
    }

    /** @param counted the bytes the index counts in each shard */
    Report check(long[] counted) throws IOException {
        List<Finding> findings = new ArrayList<>();
        Map<String, Long> checked = new HashMap<>();
        Set<String> onDisk = new HashSet<>();

        Set<String> goodBlobs = new HashSet<>();
        for (Path f : files(LocalStore.BLOBS)) {
            String rel = relative(f, onDisk);
            String digest = key(f, "");
            if (digest != null && digest.equals(Sha256.hex(Sha256.ofFile(f)))) {
                goodBlobs.add(digest);
            } else {
                findings.add(new Finding(Problem.DAMAGED_BLOB, rel, digest));
            }
        }
        checked.put(LocalStore.BLOBS, (long) onDisk.size());

        Set<String> goodResults = new HashSet<>();
        int before = onDisk.size();
        for (Path f : files(LocalStore.RESULTS)) {
            String rel = relative(f, onDisk);
            String key = key(f, ".json");
            ResultEntry r = read(f, ResultEntry.class);
            if (r == null || key == null || r.outputs() == null) {
                findings.add(new Finding(Problem.DAMAGED_RESULT, rel, key));
            } else if (!blobsPresent(r, goodBlobs)) {
                findings.add(new Finding(Problem.RESULT_WITHOUT_BLOB, rel, key));
            } else {
                goodResults.add(key);
            }
        }
        checked.put(LocalStore.RESULTS, (long) onDisk.size() - before);

        before = onDisk.size();
        for (Path f : files(LocalStore.MANIFESTS)) {
            String rel = relative(f, onDisk);
            String key = key(f, ".json");
            Manifest m = read(f, Manifest.class);
            if (m == null || key == null || m.entries() == null) {
                findings.add(new Finding(Problem.DAMAGED_MANIFEST, rel, key));
            } else if (m.entries().stream().anyMatch(e -> !goodResults.contains(e.resultKey()))) {
                findings.add(new Finding(Problem.ENTRY_WITHOUT_RESULT, rel, key));
            }
        }
        checked.put(LocalStore.MANIFESTS, (long) onDisk.size() - before);

        long[] onDiskBytes = new long[StoreIndex.SHARDS];
        for (String p : onDisk) {
            int shard = StoreIndex.shardOf(p);
            if (shard < 0) {
                findings.add(new Finding(Problem.STRAY_FILE, p, null));
            } else {
                onDiskBytes[shard] += Files.size(root.resolve(p));
            }
        }
        for (int s = 0; s < StoreIndex.SHARDS; s++) {
            if (onDiskBytes[s] != counted[s]) {
                findings.add(new Finding(Problem.MISCOUNTED_SHARD, StoreFiles.shardName(s), null));
            }
        }
        findings.sort(Comparator.comparing(Finding::problem).thenComparing(Finding::path));
        return new Report(Map.copyOf(checked), List.copyOf(findings));
    }

    private static boolean blobsPresent(ResultEntry r, Set<String> goodBlobs) {
        for (String d : r.outputs().values()) {
            if (!goodBlobs.contains(d)) {
                return false;
            }
        }
        for (String d : List.of(r.stdout() == null ? "" : r.stdout(), r.stderr() == null ? "" : r.stderr())) {
            if (!d.isEmpty() && !goodBlobs.contains(d)) {
                return false;
            }
        }
        return true;
    }

    private <T> T read(Path f, Class<T> type) {
        try {
            return json.readValue(Files.readAllBytes(f), type);
        } catch (IOException | RuntimeException damaged) { // JacksonException is a RuntimeException
            return null;
        }
    }

    private String relative(Path f, Set<String> onDisk) {
        String rel = root.relativize(f).toString();
        onDisk.add(rel);
        return rel;
    }

    /** The 64-hex key a sharded file stands for ({@code ab/cdef…<suffix>}), or null if its name is not one. */
    private static String key(Path f, String suffix) {
        String name = f.getFileName().toString();
        Path shard = f.getParent();
        if (shard == null || !name.endsWith(suffix)) {
            return null;
        }
        String key = shard.getFileName() + name.substring(0, name.length() - suffix.length());
        return key.length() == 64 && key.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))
                ? key : null;
    }

    private List<Path> files(String dir) throws IOException {
        Path d = root.resolve(dir);
        if (!Files.isDirectory(d)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(d)) {
            return walk.filter(Files::isRegularFile).sorted().toList();
        }
    }
}
