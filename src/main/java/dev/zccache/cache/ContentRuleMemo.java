package dev.zccache.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.zccache.compiler.LearntInputs.ContentRule;
import dev.zccache.hash.Sha256;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What a family's content rule (time macros in C sources…) finds in a file, remembered by rule
 * and content digest: each header's bytes are scanned once, however many compiles include it.
 */
final class ContentRuleMemo {

    private static final String NONE = "";

    private final Cache<String, String> found = Caffeine.newBuilder().maximumSize(200_000).build();

    /**
     * The first finding of the rules, in order, in the file whose content has this digest, as
     * "finding" with the rule that found it; empty when none finds anything. The file is read
     * (and its digest checked) at most once, whatever the number of rules not yet remembered.
     */
    Optional<Finding> find(List<ContentRule> rules, Path file, String digest) throws IOException {
        byte[] bytes = null;
        boolean verified = false;
        for (ContentRule rule : rules) {
            String key = rule.id() + '\0' + digest;
            String known = found.getIfPresent(key);
            if (known == null) {
                if (bytes == null) {
                    bytes = Files.readAllBytes(file);
                    // remember findings only for the content they were found in (the file may have changed since)
                    verified = Sha256.hex(Sha256.of(bytes)).equals(digest);
                }
                String finding = rule.find().apply(bytes);
                known = finding == null ? NONE : finding;
                if (verified) {
                    found.put(key, known);
                }
            }
            if (!known.isEmpty()) {
                return Optional.of(new Finding(rule, known));
            }
        }
        return Optional.empty();
    }

    /** What a rule found. */
    record Finding(ContentRule rule, String text) {
    }
}
