package dev.zccache.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.zccache.compiler.LearntInputs.ContentRule;
import dev.zccache.hash.Sha256;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What a family's content rule (time macros in C sources…) finds in a file, remembered by rule
 * and content digest: each header's bytes are scanned once, however many compiles include it.
 */
final class ContentRuleMemo {

    private static final String NONE = "";

    private final Cache<String, String> found = Caffeine.newBuilder().maximumSize(200_000).build();

    /** The rule's finding in the file whose content has this digest, if any. */
    Optional<String> find(ContentRule rule, Path file, String digest) throws IOException {
        String key = rule.id() + '\0' + digest;
        String known = found.getIfPresent(key);
        if (known == null) {
            byte[] bytes = Files.readAllBytes(file);
            String finding = rule.find().apply(bytes);
            known = finding == null ? NONE : finding;
            // remember it only for the content it was found in (the file may have changed since)
            if (Sha256.hex(Sha256.newDigest().digest(bytes)).equals(digest)) {
                found.put(key, known);
            }
        }
        return known.isEmpty() ? Optional.empty() : Optional.of(known);
    }
}
