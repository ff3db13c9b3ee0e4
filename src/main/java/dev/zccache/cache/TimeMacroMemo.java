package dev.zccache.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.zccache.compiler.gcc.TimeMacros;
import dev.zccache.hash.Sha256;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Whether a closure file uses __DATE__, __TIME__ or __TIMESTAMP__, remembered by content digest:
 * each header's bytes are scanned once, however many compiles include it.
 */
public final class TimeMacroMemo {

    private static final String NONE = "";

    private final Cache<String, String> byDigest = Caffeine.newBuilder().maximumSize(200_000).build();

    /** The first time macro in the file whose content has this digest, if any. */
    public Optional<String> find(Path file, String digest) throws IOException {
        String known = byDigest.getIfPresent(digest);
        if (known == null) {
            byte[] bytes = Files.readAllBytes(file);
            String found = TimeMacros.find(bytes);
            known = found == null ? NONE : found;
            // remember it only for the content it was found in (the file may have changed since)
            if (Sha256.hex(Sha256.newDigest().digest(bytes)).equals(digest)) {
                byDigest.put(digest, known);
            }
        }
        return known.isEmpty() ? Optional.empty() : Optional.of(known);
    }
}
