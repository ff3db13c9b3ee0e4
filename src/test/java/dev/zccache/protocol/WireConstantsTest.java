package dev.zccache.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The C header and Wire.java must define the same protocol. */
class WireConstantsTest {

    private static final Pattern DEFINE = Pattern.compile(
            "#define ZC_([A-Z_]+) (?:'(.)'|\\(?(\\d+)u? \\* (\\d+)u? \\* (\\d+)u?\\)|(0x[0-9a-fA-F]+|\\d+))");

    @Test
    void everyConstantInProtocolHeaderMatchesWire() throws Exception {
        Map<String, Long> c = new HashMap<>();
        for (String line : Files.readAllLines(Path.of("src/main/c/protocol.h"))) {
            Matcher m = DEFINE.matcher(line.trim());
            if (m.matches()) {
                long v;
                if (m.group(2) != null) {
                    v = m.group(2).charAt(0);
                } else if (m.group(3) != null) {
                    v = Long.parseLong(m.group(3)) * Long.parseLong(m.group(4)) * Long.parseLong(m.group(5));
                } else {
                    v = Long.decode(m.group(6));
                }
                c.put(m.group(1), v);
            }
        }
        assertThat(c).hasSizeGreaterThan(20);
        Map<String, Long> java = new HashMap<>();
        for (Field f : Wire.class.getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers()) && !f.getName().equals("MAX_CHUNK_BYTES")) {
                java.put(f.getName(), ((Number) f.get(null)).longValue());
            }
        }
        assertThat(java).isEqualTo(c);
    }
}
