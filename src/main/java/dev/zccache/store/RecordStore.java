package dev.zccache.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Small JSON records (result entries, manifests) under a directory, one file per 64-hex key:
 * {@code <root>/ab/cdef….json}. Written to tmp/ and renamed into place, so a reader sees an old
 * record, a new one or none; a record that does not parse (a torn or corrupted file) is deleted
 * and reported absent, which makes the caller compile again and rewrite it.
 */
final class RecordStore<T> {

    private final Path root;
    private final Path tmp;
    private final Class<T> type;
    private final JsonMapper json;
    /**
     * One counter for every record store: results and manifests stage in the same tmp/, and with
     * a counter each, a result and a manifest written at once were one staged file (a record of
     * one kind renamed into the other's place, the other's rename failing).
     */
    private static final AtomicLong SERIAL = new AtomicLong();

    public RecordStore(Path root, Path tmp, Class<T> type, JsonMapper json) throws IOException {
        this.root = Files.createDirectories(root);
        this.tmp = Files.createDirectories(tmp);
        this.type = type;
        this.json = json;
    }

    public void put(String key, T record) throws IOException {
        Path target = path(key);
        Path staged = tmp.resolve("rec-" + root.getFileName() + "-" + ProcessHandle.current().pid() + "-"
                + SERIAL.incrementAndGet());
        try {
            Files.write(staged, json.writeValueAsBytes(record));
            StoreFiles.publish(staged, target);
        } finally {
            Files.deleteIfExists(staged);
        }
    }

    public Optional<T> get(String key) throws IOException {
        Path file = path(key);
        if (StoreFiles.sizeOrAbsent(file) < 0) {
            // most reads of an absent record are a miss's (a new manifest): a stat answers them
            // without the exception (and its stack trace) a failed read costs
            return Optional.empty();
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException absent) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(json.readValue(bytes, type));
        } catch (JacksonException corrupt) {
            Files.deleteIfExists(file);
            return Optional.empty();
        }
    }

    Path path(String key) {
        return StoreFiles.shard(root, key, ".json");
    }
}
