package dev.zccache.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CompilerFamilyTest {

    @ParameterizedTest
    @CsvSource({
        "/usr/bin/gcc, GCC", "gcc-12, GCC", "/usr/bin/x86_64-linux-gnu-gcc-12, GCC", "g++, GCC", "cc, GCC",
        "c++, GCC", "/usr/lib/llvm-14/bin/clang, CLANG", "clang++-14, CLANG", "emcc, EMSCRIPTEN",
        "em++, EMSCRIPTEN", "/root/.cargo/bin/rustc, RUSTC", "arm-none-eabi-gcc, GCC"})
    void recognisesCompilerNames(String path, CompilerFamily family) {
        assertThat(CompilerFamily.fromPath(path)).contains(family);
    }

    @ParameterizedTest
    @CsvSource({"/bin/echo", "make", "gcc-ar", "ld", "gccx", "/usr/bin/cc1", "rustdoc", "clang-tidy", "python3"})
    void otherProgramsAreNotCompilers(String path) {
        assertThat(CompilerFamily.fromPath(path)).isEqualTo(Optional.empty());
    }
}
