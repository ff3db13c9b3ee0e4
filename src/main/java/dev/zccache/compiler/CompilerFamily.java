package dev.zccache.compiler;

import java.util.Optional;

/** The compiler families zccache knows, recognised from the executable's file name. */
public enum CompilerFamily {
    GCC, CLANG, EMSCRIPTEN, RUSTC;

    /**
     * Recognises {@code gcc}, {@code x86_64-linux-gnu-gcc-12}, {@code clang++-14}, {@code cc},
     * {@code emcc}, {@code rustc}...: an optional target prefix ending in '-', the driver name,
     * an optional version suffix of digits and dots.
     */
    public static Optional<CompilerFamily> fromPath(String path) {
        String name = path.substring(path.lastIndexOf('/') + 1);
        name = stripVersion(name);
        int dash = name.lastIndexOf('-');
        String driver = dash >= 0 ? name.substring(dash + 1) : name;
        switch (driver) {
            case "gcc", "g++", "cc", "c++":
                return Optional.of(GCC);
            case "clang", "clang++":
                return Optional.of(CLANG);
            case "emcc", "em++":
                return Optional.of(EMSCRIPTEN);
            case "rustc":
                return Optional.of(RUSTC);
            default:
                return Optional.empty();
        }
    }

    /** "gcc-12" -> "gcc", "clang++-14.0" -> "clang++"; names without such a suffix are unchanged. */
    private static String stripVersion(String name) {
        int dash = name.lastIndexOf('-');
        if (dash <= 0 || dash == name.length() - 1) {
            return name;
        }
        for (int i = dash + 1; i < name.length(); i++) {
            char c = name.charAt(i);
            if ((c < '0' || c > '9') && c != '.') {
                return name;
            }
        }
        return name.substring(0, dash);
    }
}
