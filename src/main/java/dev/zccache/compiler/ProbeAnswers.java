package dev.zccache.compiler;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Base64;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What tools answered (their version, include directories, linker, search paths), kept in the
 * cache dir across daemon restarts: a fresh daemon otherwise ran five gcc and ld probes before
 * its first compile and link, and emcc's answers each start Python. An answer is keyed by the
 * binary's digest and path and the arguments, so a changed tool is asked again.
 *
 * <h2>Format</h2>
 * One line per answer, appended with one write: {@code A} (text answer) or {@code O} (exact
 * stdout), the key and the value, each base64. A line that does not parse (torn by a kill, or
 * damaged) is skipped, its answer asked again; a file grown past {@link #MAX_BYTES} is started
 * afresh.
 */
final class ProbeAnswers {

    private static final Logger log = LoggerFactory.getLogger(ProbeAnswers.class);
    static final long MAX_BYTES = 1 << 20;

    /** Keeps nothing (answers in memory only). */
    static final ProbeAnswers NONE = new ProbeAnswers(null);

    private final Path file;

    ProbeAnswers(Path file) {
        this.file = file;
    }

    /** Hands every kept answer to the consumers. */
    void load(BiConsumer<String, String> answers, BiConsumer<String, byte[]> outputs) {
        if (file == null) {
            return;
        }
        try {
            if (Files.size(file) > MAX_BYTES) {
                Files.delete(file);
                return;
            }
            for (String line : Files.readAllLines(file, StandardCharsets.US_ASCII)) {
                String[] f = line.split(" ");
                if (f.length != 3) {
                    continue;
                }
                try {
                    String key = new String(Base64.getDecoder().decode(f[1]), StandardCharsets.UTF_8);
                    byte[] value = Base64.getDecoder().decode(f[2]);
                    switch (f[0]) {
                        case "A" -> answers.accept(key, new String(value, StandardCharsets.UTF_8));
                        case "O" -> outputs.accept(key, value);
                        default -> { }
                    }
                } catch (IllegalArgumentException damaged) {
                    // asked again
                }
            }
        } catch (NoSuchFileException none) {
            // nothing kept yet
        } catch (IOException | RuntimeException e) {
            log.warn("cannot read the kept tool answers in {}; asking the tools again: {}", file, e.toString());
        }
    }

    void answer(String key, String value) {
        append("A", key, value.getBytes(StandardCharsets.UTF_8));
    }

    void output(String key, byte[] value) {
        append("O", key, value);
    }

    private synchronized void append(String kind, String key, byte[] value) {
        if (file == null) {
            return;
        }
        String line = kind + " " + Base64.getEncoder().encodeToString(key.getBytes(StandardCharsets.UTF_8)) + " "
                + Base64.getEncoder().encodeToString(value) + "\n";
        try {
            Files.writeString(file, line, StandardCharsets.US_ASCII, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            log.debug("cannot keep a tool's answer in {}: {}", file, e.toString()); // asked again next start
        }
    }
}
