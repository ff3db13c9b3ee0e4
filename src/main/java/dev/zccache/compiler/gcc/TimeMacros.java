package dev.zccache.compiler.gcc;

/**
 * Finds {@code __DATE__}, {@code __TIME__} and {@code __TIMESTAMP__} in source or header bytes: a
 * compile that expands them must not be served from the cache (unless SOURCE_DATE_EPOCH pins
 * them). Looks for the bytes, not tokens: a mention in a comment costs a miss, never a wrong hit.
 */
final class TimeMacros {

    private static final byte[][] MACROS = {
        "__DATE__".getBytes(java.nio.charset.StandardCharsets.US_ASCII),
        "__TIME__".getBytes(java.nio.charset.StandardCharsets.US_ASCII),
        "__TIMESTAMP__".getBytes(java.nio.charset.StandardCharsets.US_ASCII),
    };

    private TimeMacros() {
    }

    /** The first time macro in the bytes, or null. */
    public static String find(byte[] content) {
        // every macro starts with "__" and is at least 8 bytes: step over the rest quickly
        for (int i = 0; i + 8 <= content.length; i++) {
            if (content[i] != '_' || content[i + 1] != '_') {
                continue;
            }
            for (byte[] macro : MACROS) {
                if (matches(content, i, macro) && !identifierByte(content, i - 1)
                        && !identifierByte(content, i + macro.length)) {
                    return new String(macro, java.nio.charset.StandardCharsets.US_ASCII);
                }
            }
        }
        return null;
    }

    private static boolean matches(byte[] content, int at, byte[] macro) {
        if (at + macro.length > content.length) {
            return false;
        }
        for (int j = 0; j < macro.length; j++) {
            if (content[at + j] != macro[j]) {
                return false;
            }
        }
        return true;
    }

    /** A letter, digit or underscore: part of a longer identifier such as MY__DATE__X. */
    private static boolean identifierByte(byte[] content, int at) {
        if (at < 0 || at >= content.length) {
            return false;
        }
        int c = content[at];
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    }
}
