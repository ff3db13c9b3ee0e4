package dev.zccache.compiler.gcc;

import java.nio.charset.StandardCharsets;

/**
 * Assembler directives that read a file: gcc's dependency output does not name those files, so a
 * compile that uses them cannot be validated by its closure. {@code .incbin "data.bin"} is looked
 * for in every file (inline assembly embeds data that way); {@code .include "x.s"} only in
 * assembler sources and what they include, since C headers mention it in comments (LLVM's do).
 * Found by their bytes (a mention in a comment costs a cache entry, never a wrong object).
 */
final class AssemblerFileInputs {

    private static final byte[] INCBIN = ".incbin".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] INCLUDE = ".include".getBytes(StandardCharsets.US_ASCII);

    private AssemblerFileInputs() {
    }

    /** {@code .incbin} in the bytes, or null. */
    static String find(byte[] content) {
        return indexOf(content, INCBIN) >= 0 ? ".incbin" : null;
    }

    /** {@code .incbin} or {@code .include} in the bytes of an assembler source, or null. */
    static String findInAssembler(byte[] content) {
        for (byte[] d : new byte[][] {INCBIN, INCLUDE}) {
            if (indexOf(content, d) >= 0) {
                return new String(d, StandardCharsets.US_ASCII);
            }
        }
        return null;
    }

    private static int indexOf(byte[] content, byte[] word) {
        outer:
        for (int i = 0; i + word.length <= content.length; i++) {
            if (content[i] != word[0]) {
                continue;
            }
            for (int j = 1; j < word.length; j++) {
                if (content[i + j] != word[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
