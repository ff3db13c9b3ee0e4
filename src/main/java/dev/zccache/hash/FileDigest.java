package dev.zccache.hash;

import java.util.Arrays;

/** The SHA-256 of a file's content. */
public final class FileDigest {

    private final byte[] bytes;
    /** Formatted once: every full check of a manifest entry compares it, per file. */
    private final String hex;

    FileDigest(byte[] bytes) {
        this.bytes = bytes.clone();
        this.hex = Sha256.hex(bytes);
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    public String hex() {
        return hex;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FileDigest d && Arrays.equals(bytes, d.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return hex();
    }
}
