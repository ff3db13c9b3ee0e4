package dev.zccache.hash;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

/**
 * Builds a cache key from named fields. Every field is framed (name, type tag, length) so that
 * no two different field lists hash alike ("-DA" "B" is not "-DAB"); the same calls also write a
 * readable dump, which is what {@code zccache explain} will compare to say why a key changed.
 */
public final class KeyHasher {

    private static final byte STRING = 's';
    private static final byte BYTES = 'b';
    private static final byte LIST = 'l';

    private final MessageDigest sha = Sha256.newDigest();
    private final StringBuilder dump = new StringBuilder();

    public KeyHasher string(String name, String value) {
        header(name, STRING);
        bytes(value.getBytes(StandardCharsets.UTF_8));
        dump.append(name).append(" = ").append(oneLine(value)).append('\n');
        return this;
    }

    /** A digest or other raw value (shown in hex in the dump). */
    public KeyHasher bytes(String name, byte[] value) {
        header(name, BYTES);
        bytes(value);
        dump.append(name).append(" = ").append(Sha256.hex(value)).append('\n');
        return this;
    }

    /** An ordered list: order is part of the key. */
    public KeyHasher list(String name, List<String> values) {
        header(name, LIST);
        sha.update(ByteBuffer.allocate(4).putInt(values.size()).array());
        for (String v : values) {
            bytes(v.getBytes(StandardCharsets.UTF_8));
            dump.append(name).append("[] = ").append(oneLine(v)).append('\n');
        }
        return this;
    }

    /** The key as 64 hex digits. The hasher cannot be used afterwards. */
    public String key() {
        return Sha256.hex(sha.digest());
    }

    /**
     * One line per field ({@code name = value}) and per list item ({@code name[] = item}), in the
     * order they were added; line breaks inside values are escaped. ContextDiff reads it back.
     */
    public String dump() {
        return dump.toString();
    }

    private static String oneLine(String v) {
        return v.indexOf('\n') < 0 ? v : v.replace("\n", "\\n");
    }

    private void header(String name, byte type) {
        bytes(name.getBytes(StandardCharsets.UTF_8));
        sha.update(type);
    }

    private void bytes(byte[] b) {
        sha.update(ByteBuffer.allocate(4).putInt(b.length).array());
        sha.update(b);
    }
}
