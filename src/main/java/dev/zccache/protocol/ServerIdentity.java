package dev.zccache.protocol;

/** Who answers: carried in error frames so a launcher can replace a daemon of another version. */
public record ServerIdentity(long pid, String version) {
}
