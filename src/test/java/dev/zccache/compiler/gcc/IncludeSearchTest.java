package dev.zccache.compiler.gcc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IncludeSearchTest {

    private static final Path CWD = Path.of("/src");
    private static final List<Path> SYSTEM = List.of(Path.of("/usr/local/include"), Path.of("/usr/include"));

    @Test
    void directoriesComeInThePreprocessorsOrder() {
        List<String> args = List.of("-c", "x.c", "-idirafter", "late", "-I", "b", "-Ia", "-isystem", "/sys",
                "-iquote", "q", "-DX");
        IncludeSearch s = IncludeSearch.of(args, Map.of("CPATH", "/cp", "C_INCLUDE_PATH", "/cip:"), Language.C,
                SYSTEM, CWD);
        assertThat(s.quoteOnly()).containsExactly(Path.of("/src/q"));
        assertThat(s.bracket()).containsExactly(Path.of("/src/b"), Path.of("/src/a"), Path.of("/cp"),
                Path.of("/sys"), Path.of("/cip"), Path.of("/src"), Path.of("/usr/local/include"),
                Path.of("/usr/include"), Path.of("/src/late"));
        assertThat(s.quoteChain().get(0)).isEqualTo(Path.of("/src/q"));
    }

    @Test
    void cxxUsesCplusIncludePath() {
        IncludeSearch s = IncludeSearch.of(List.of("-c", "x.cc"), Map.of("C_INCLUDE_PATH", "/c",
                "CPLUS_INCLUDE_PATH", "/cxx"), Language.CXX, List.of(), CWD);
        assertThat(s.bracket()).containsExactly(Path.of("/cxx"));
    }

    @Test
    void nostdincDropsTheSystemDirectories() {
        IncludeSearch s = IncludeSearch.of(List.of("-c", "x.c", "-nostdinc", "-Iown"), Map.of(), Language.C, SYSTEM,
                CWD);
        assertThat(s.bracket()).containsExactly(Path.of("/src/own"));
    }
}
