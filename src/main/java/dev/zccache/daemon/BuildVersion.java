package dev.zccache.daemon;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** This build's version, from zccache-build.properties (written by Maven). */
public final class BuildVersion {

    private BuildVersion() {
    }

    /** The override when one is set (zccache.build-version), else the build's own version. */
    public static String load(String override) {
        if (override != null && !override.isEmpty()) {
            return override;
        }
        Properties props = new Properties();
        try (InputStream in = BuildVersion.class.getResourceAsStream("/zccache-build.properties")) {
            if (in != null) {
                props.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return props.getProperty("version", "dev");
    }
}
