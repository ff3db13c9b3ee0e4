package dev.zccache.daemon;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** This build's version (from zccache-build.properties, written by Maven) and process id. */
public record BuildInfo(String version, long pid) {

    public static BuildInfo load(String override) {
        if (override != null && !override.isEmpty()) {
            return new BuildInfo(override, ProcessHandle.current().pid());
        }
        Properties props = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream("/zccache-build.properties")) {
            if (in != null) {
                props.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new BuildInfo(props.getProperty("version", "dev"), ProcessHandle.current().pid());
    }
}
