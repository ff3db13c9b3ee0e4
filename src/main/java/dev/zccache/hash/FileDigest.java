package dev.zccache.hash;

import java.util.Arrays;

/** The SHA-256 of a file's content. */
public final class FileDigest {

    private final byte[] bytes;

    FileDigest(byte[] bytes) {
        this.bytes = bytes.clone();
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    public String hex() {
        return Sha256.hex(bytes);
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
