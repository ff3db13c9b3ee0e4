package dev.zccache.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zccache.store.Manifest;
import dev.zccache.store.ResultEntry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

class RecordStoreTest {

    @TempDir
    Path dir;

    private final JsonMapper json = JsonMapper.builder().build();
    private final String key = "ab" + "0".repeat(62);

    /** Two record stores share the store's tmp/: their staged files must never be one file. */
    @Test
    void resultsAndManifestsWrittenAtOnceEachLandWhole() throws Exception {
        RecordStore<ResultEntry> results = new RecordStore<>(dir.resolve("results"), dir.resolve("tmp"),
                ResultEntry.class, json);
        RecordStore<Manifest> manifests = new RecordStore<>(dir.resolve("manifests"), dir.resolve("tmp"),
                Manifest.class, json);
        int n = 3000;
        java.util.concurrent.CyclicBarrier go = new java.util.concurrent.CyclicBarrier(2);
        Thread r = new Thread(() -> {
            try {
                go.await();
                for (int i = 0; i < n; i++) {
                    results.put(String.format("%064x", i), new ResultEntry(Map.of("object", "1".repeat(64)), "", "", "t.o", i));
                }
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        r.start();
        go.await();
        for (int i = 0; i < n; i++) {
            manifests.put(String.format("%064x", i), Manifest.empty().with(new Manifest.Entry(List.of(), List.of(),
                    "9".repeat(64))));
        }
        r.join();
        for (int i = 0; i < n; i++) {
            String k = String.format("%064x", i);
            assertThat(results.get(k)).as("result %d", i).hasValueSatisfying(e -> assertThat(e.outputs()).isNotNull());
            assertThat(manifests.get(k)).as("manifest %d", i).hasValueSatisfying(m -> assertThat(m.entries()).hasSize(1));
        }
    }

    @Test
    void resultEntryRoundTrips() throws Exception {
        RecordStore<ResultEntry> store = new RecordStore<>(dir.resolve("entries"), dir.resolve("tmp"),
                ResultEntry.class, json);
        ResultEntry e = new ResultEntry(Map.of("object", "1".repeat(64), "depfile", "2".repeat(64)), "3".repeat(64),
                "4".repeat(64), "t.o", 1234);
        store.put(key, e);
        assertThat(store.get(key)).contains(e);
        assertThat(store.path(key)).hasFileName("0".repeat(62) + ".json").hasParent(dir.resolve("entries/ab"));
        assertThat(dir.resolve("tmp")).isEmptyDirectory();
    }

    @Test
    void manifestRoundTripsAndIsReplacedWhole() throws Exception {
        RecordStore<Manifest> store = new RecordStore<>(dir.resolve("manifests"), dir.resolve("tmp"),
                Manifest.class, json);
        Manifest m = Manifest.empty().with(new Manifest.Entry(List.of(new Manifest.FileRecord("t.c", "5".repeat(64))),
                List.of("inc/a.h"), "R1"));
        store.put(key, m);
        Manifest m2 = m.with(new Manifest.Entry(List.of(), List.of(), "R2"));
        store.put(key, m2);
        assertThat(store.get(key)).contains(m2);
    }

    @Test
    void manifestEntriesKeepTheirVariablesAndOldEntriesReadWithout() throws Exception {
        RecordStore<Manifest> store = new RecordStore<>(dir.resolve("manifests"), dir.resolve("tmp"),
                Manifest.class, json);
        Manifest m = Manifest.empty().with(new Manifest.Entry(List.of(), List.of(), "R1",
                List.of(new Manifest.VariableRecord("ZZ_A", "1"), new Manifest.VariableRecord("ZZ_B", null))));
        store.put(key, m);
        assertThat(store.get(key)).contains(m);
        Files.writeString(store.path(key), "{\"entries\":[{\"files\":[],\"absentPaths\":[],\"resultKey\":\"R0\"}],"
                + "\"context\":null}");
        assertThat(store.get(key).orElseThrow().entries().get(0).variablesOrNone()).isEmpty();
    }

    @Test
    void corruptOrTruncatedRecordIsDroppedNotServed() throws Exception {
        RecordStore<ResultEntry> store = new RecordStore<>(dir.resolve("entries"), dir.resolve("tmp"),
                ResultEntry.class, json);
        store.put(key, new ResultEntry(Map.of("object", "1".repeat(64)), "3".repeat(64), "4".repeat(64), "t.o", 1));
        byte[] whole = Files.readAllBytes(store.path(key));
        Files.write(store.path(key), java.util.Arrays.copyOf(whole, whole.length / 2));
        assertThat(store.get(key)).isEmpty();
        assertThat(store.path(key)).doesNotExist();
        assertThat(store.get(key)).isEmpty();
    }

    @Test
    void keysMustBeDigests() throws Exception {
        RecordStore<ResultEntry> store = new RecordStore<>(dir.resolve("entries"), dir.resolve("tmp"),
                ResultEntry.class, json);
        assertThatThrownBy(() -> store.get("../../etc/passwd")).isInstanceOf(IllegalArgumentException.class);
    }
}
