package dev.zccache.compiler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ToolFamiliesTest {

    private static ToolFamily family(String name, Set<String> drivers, List<String> variables) {
        ToolFamily f = mock(ToolFamily.class);
        when(f.name()).thenReturn(name);
        when(f.drivers()).thenReturn(drivers);
        when(f.keyedVariables()).thenReturn(variables);
        return f;
    }

    private final ToolFamily c = family("c", Set.of("gcc", "g++", "cc", "c++", "clang", "clang++"), List.of("CPATH"));
    private final ToolFamilies families = new ToolFamilies(List.of(c));

    @ParameterizedTest
    @CsvSource({"/usr/bin/gcc", "gcc-12", "/usr/bin/x86_64-linux-gnu-gcc-12", "g++", "cc", "c++",
        "/usr/lib/llvm-14/bin/clang", "clang++-14", "arm-none-eabi-gcc"})
    void recognisesADriverBehindItsTargetPrefixAndVersion(String path) {
        assertThat(families.recognise(path)).isEqualTo(new ToolFamilies.Cached(c));
    }

    @ParameterizedTest
    @CsvSource({"/bin/echo", "make", "gcc-ar", "ld", "gccx", "/usr/bin/cc1", "rustdoc", "clang-tidy", "python3", "emcc"})
    void otherProgramsAreUnknown(String path) {
        assertThat(families.recognise(path)).isEqualTo(new ToolFamilies.Unknown());
    }

    @Test
    void aSecondFamilyIsOneMoreBeanAndItsVariablesJoinTheJournalsList() {
        ToolFamily rust = family("rust", Set.of("rustc"), List.of("CARGO_PKG_NAME", "CPATH"));
        ToolFamilies both = new ToolFamilies(List.of(c, rust));
        assertThat(both.recognise("/usr/bin/rustc")).isEqualTo(new ToolFamilies.Cached(rust));
        assertThat(both.keyedVariables()).containsExactly("CPATH", "CARGO_PKG_NAME");
    }

    @Test
    void twoFamiliesClaimingOneDriverIsAStartUpError() {
        ToolFamily other = family("other", Set.of("cc"), List.of());
        assertThatThrownBy(() -> new ToolFamilies(List.of(c, other))).hasMessageContaining("cc is claimed");
    }
}
