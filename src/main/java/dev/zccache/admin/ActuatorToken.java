package dev.zccache.admin;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The bearer token that makes Actuator owner-only: loopback is open to every local user, the
 * token file (0600 in the cache dir) only to the owner. A new token at every daemon start;
 * Prometheus reads it with {@code bearer_token_file}.
 */
final class ActuatorToken {

    static final String FILE_NAME = "actuator.token";

    private final Path file;
    private final byte[] expected;

    private ActuatorToken(Path file, byte[] expected) {
        this.file = file;
        this.expected = expected;
    }

    /** A fresh random token written to {@code cacheDir/actuator.token}, readable by the owner only. */
    static ActuatorToken create(Path cacheDir) throws IOException {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        String token = HexFormat.of().formatHex(random);
        Path file = cacheDir.resolve(FILE_NAME);
        // created 0600 before a byte is written, then renamed over any earlier token
        Path tmp = Files.createTempFile(cacheDir, FILE_NAME, ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            Files.writeString(tmp, token + "\n", StandardCharsets.US_ASCII);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
        return new ActuatorToken(file, ("Bearer " + token).getBytes(StandardCharsets.US_ASCII));
    }

    Path file() {
        return file;
    }

    /** Whether an Authorization header carries the token (compared in constant time). */
    boolean admits(String authorization) {
        return authorization != null
                && MessageDigest.isEqual(expected, authorization.trim().getBytes(StandardCharsets.US_ASCII));
    }
}
