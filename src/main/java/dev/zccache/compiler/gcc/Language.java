package dev.zccache.compiler.gcc;

import java.util.Locale;
import java.util.Optional;

/** Source languages the GCC driver compiles to an object, with the names -x uses. */
enum Language {
    C("c"), CXX("c++"), OBJC("objective-c"), OBJCXX("objective-c++"),
    C_CPP_OUTPUT("cpp-output"), CXX_CPP_OUTPUT("c++-cpp-output"),
    OBJC_CPP_OUTPUT("objective-c-cpp-output"), OBJCXX_CPP_OUTPUT("objective-c++-cpp-output"),
    ASSEMBLER("assembler"), ASSEMBLER_WITH_CPP("assembler-with-cpp"),
    C_HEADER("c-header"), CXX_HEADER("c++-header");

    private final String xName;

    Language(String xName) {
        this.xName = xName;
    }

    /** The name {@code -x} takes for this language. */
    public String xName() {
        return xName;
    }

    /** Is the preprocessor run (so that headers and -D matter)? */
    /** An assembler source, with or without the C preprocessor (.s, .S). */
    boolean isAssembler() {
        return this == ASSEMBLER || this == ASSEMBLER_WITH_CPP;
    }

    public boolean isPreprocessed() {
        return this != C_CPP_OUTPUT && this != CXX_CPP_OUTPUT && this != OBJC_CPP_OUTPUT
                && this != OBJCXX_CPP_OUTPUT && this != ASSEMBLER;
    }

    public static Optional<Language> fromXName(String name) {
        for (Language l : values()) {
            if (l.xName.equals(name)) {
                return Optional.of(l);
            }
        }
        return Optional.empty();
    }

    /** The language gcc infers from a file name's suffix (case matters: .C is C++, .c is C). */
    public static Optional<Language> fromFileName(String path) {
        String name = path.substring(path.lastIndexOf('/') + 1);
        int dot = name.lastIndexOf('.');
        if (dot <= 0 || dot == name.length() - 1) {
            return Optional.empty();
        }
        String ext = name.substring(dot + 1);
        switch (ext) {
            case "c":
                return Optional.of(C);
            case "cc", "cp", "cxx", "cpp", "CPP", "c++", "C":
                return Optional.of(CXX);
            case "m":
                return Optional.of(OBJC);
            case "mm", "M":
                return Optional.of(OBJCXX);
            case "i":
                return Optional.of(C_CPP_OUTPUT);
            case "ii":
                return Optional.of(CXX_CPP_OUTPUT);
            case "mi":
                return Optional.of(OBJC_CPP_OUTPUT);
            case "mii":
                return Optional.of(OBJCXX_CPP_OUTPUT);
            case "s":
                return Optional.of(ASSEMBLER);
            case "S", "sx":
                return Optional.of(ASSEMBLER_WITH_CPP);
            case "h":
                return Optional.of(C_HEADER);
            case "hh", "hpp", "hxx", "H", "h++", "HPP", "tcc":
                return Optional.of(CXX_HEADER);
            default:
                return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return xName.toLowerCase(Locale.ROOT);
    }
}
