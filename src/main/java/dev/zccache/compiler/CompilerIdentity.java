package dev.zccache.compiler;

/**
 * Which compiler a compile ran: the path as resolved, the SHA-256 of the executable and what it
 * says of its version. A toolchain replaced in place changes the digest even when size and mtime
 * stay the same.
 */
public record CompilerIdentity(String path, String digest, String version) {

    /** Path, digest and the first line of the version: how a family keys a tool it does not run itself (a linker). */
    public String summary() {
        return path + " " + digest + " " + version.lines().findFirst().orElse("");
    }
}
