package dev.zccache.compiler.rust;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DepInfoTest {

    @Test
    void filesOfTheFirstRuleAndTheVariablesOfEnvDepLines() {
        String text = """
                /t/deps/w-1.d: src/lib.rs src/a\\ b.rs /t/build/w-2/out/gen.rs

                /t/deps/libw-1.rlib: src/lib.rs src/a\\ b.rs /t/build/w-2/out/gen.rs

                src/lib.rs:
                src/a\\ b.rs:
                /t/build/w-2/out/gen.rs:

                # env-dep:CARGO_PKG_VERSION=1.2
                # env-dep:ZZ_UNSET
                # env-dep:OUT_DIR=/t/build/w-2/out
                """;
        DepInfo d = DepInfo.parse(text);
        assertThat(d.files()).containsExactly("src/lib.rs", "src/a b.rs", "/t/build/w-2/out/gen.rs");
        assertThat(d.variables()).containsExactly("CARGO_PKG_VERSION", "ZZ_UNSET", "OUT_DIR");
    }

    @Test
    void aModuleFileCanBeShadowedByItsOtherForm() {
        assertThat(RustFamily.moduleShadows(Path.of("/w/src/net.rs"))).containsExactly(Path.of("/w/src/net/mod.rs"));
        assertThat(RustFamily.moduleShadows(Path.of("/w/src/net/mod.rs"))).containsExactly(Path.of("/w/src/net.rs"));
        assertThat(RustFamily.moduleShadows(Path.of("/w/out/data.txt"))).isEmpty();
    }

    @Test
    void keysEveryCargoVariableButTheJobserver() {
        assertThat(RustFamily.keyedEnvironment(java.util.Map.of("CARGO_PKG_NAME", "w", "CARGO_MAKEFLAGS", "-j",
                "MAKEFLAGS", "-j", "OUT_DIR", "/o", "PATH", "/bin", "CARGO", "/bin/cargo", "HOME", "/root")))
                .containsExactly("CARGO=/bin/cargo", "CARGO_PKG_NAME=w", "OUT_DIR=/o");
    }
}
