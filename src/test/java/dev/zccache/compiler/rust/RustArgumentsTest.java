package dev.zccache.compiler.rust;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zccache.compiler.Analysis;
import dev.zccache.compiler.Output;
import dev.zccache.compiler.Refusal;
import dev.zccache.outcome.Reason;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RustArgumentsTest {

    @TempDir
    Path cwd;

    /** What cargo passes for a library of a workspace (incremental off) or a registry crate. */
    static final List<String> CARGO_LIB = List.of("--crate-name", "w", "--edition=2021", "src/lib.rs",
            "--error-format=json", "--json=diagnostic-rendered-ansi,artifacts,future-incompat", "--crate-type", "lib",
            "--emit=dep-info,metadata,link", "-C", "embed-bitcode=no", "-C", "debuginfo=2", "--check-cfg",
            "cfg(docsrs,test)", "-C", "metadata=4bf5388cca0bed70", "-C", "extra-filename=-e138386e9fe593c3",
            "--out-dir", "/t/debug/deps", "-L", "dependency=/t/debug/deps", "--extern", "dep=/t/debug/deps/libdep-1.rmeta",
            "--extern", "noprelude:priv:other=/t/debug/deps/libother-2.rlib", "--extern", "proc_macro");

    private RustInvocation cacheable(List<String> args) {
        Analysis a = RustArguments.analyze(args, cwd);
        assertThat(a).isInstanceOf(Analysis.Cacheable.class);
        return (RustInvocation) ((Analysis.Cacheable) a).invocation();
    }

    private Reason refused(String... args) {
        Analysis a = RustArguments.analyze(List.of(args), cwd);
        assertThat(a).isInstanceOf(Refusal.class);
        return ((Refusal) a).reason();
    }

    @Test
    void aCargoLibraryWritesItsRlibRmetaAndDepInfoUnderRustcsNames() {
        RustInvocation inv = cacheable(CARGO_LIB);
        assertThat(inv.outputs()).containsExactly(
                Output.required("rlib", "/t/debug/deps/libw-e138386e9fe593c3.rlib"),
                Output.required("rmeta", "/t/debug/deps/libw-e138386e9fe593c3.rmeta"),
                Output.requiredRewritten("dep-info", "/t/debug/deps/w-e138386e9fe593c3.d"));
        assertThat(inv.depInfo()).contains("/t/debug/deps/w-e138386e9fe593c3.d");
        assertThat(inv.source()).isEqualTo("src/lib.rs");
        assertThat(inv.output()).isEqualTo("/t/debug/deps/libw-e138386e9fe593c3.rlib");
        assertThat(inv.externs()).containsExactly("/t/debug/deps/libdep-1.rmeta", "/t/debug/deps/libother-2.rlib");
        assertThat(inv.keyArgs()).isEqualTo(CARGO_LIB);
        assertThat(inv.links()).isFalse();
    }

    @Test
    void eachCrateKindHasItsOwnFileAndABinIsAProgram() {
        RustInvocation bin = cacheable(List.of("--crate-name", "app", "src/main.rs", "--crate-type", "bin",
                "--emit=dep-info,link", "-Cextra-filename=-x", "--out-dir", "out"));
        assertThat(bin.outputs()).containsExactly(Output.executable("bin", "out/app-x"),
                Output.requiredRewritten("dep-info", "out/app-x.d"));
        assertThat(bin.links()).isTrue();
        RustInvocation types = cacheable(List.of("--crate-name", "m", "lib.rs", "--crate-type", "proc-macro",
                "--crate-type=staticlib"));
        assertThat(types.outputs()).containsExactly(Output.executable("proc-macro", "libm.so"),
                Output.required("staticlib", "libm.a"));
        RustInvocation check = cacheable(List.of("--crate-name", "app", "main.rs", "--crate-type", "bin",
                "--emit=dep-info,metadata"));
        assertThat(check.outputs()).containsExactly(Output.optional("rmeta", "libapp.rmeta"),
                Output.requiredRewritten("dep-info", "app.d"));
    }

    @Test
    void explicitEmitPathsAndOWinOverDefaultNames() {
        assertThat(cacheable(List.of("--crate-name", "a", "a.rs", "--crate-type", "rlib",
                "--emit", "link=x/a.rlib,dep-info=x/a.d")).outputs()).extracting(Output::path)
                .containsExactly("x/a.rlib", "x/a.d");
        assertThat(cacheable(List.of("--crate-name", "a", "a.rs", "--crate-type", "bin", "-o", "prog")).outputs())
                .containsExactly(Output.executable("bin", "prog"));
        assertThat(refused("--crate-name", "a", "a.rs", "--crate-type", "bin", "-o", "prog", "--emit=link,dep-info"))
                .isEqualTo(Reason.UNSUPPORTED_OPTION);
    }

    @Test
    void argfilesExpandOneArgumentPerLine() throws Exception {
        Files.writeString(cwd.resolve("args"), "--crate-name\nw\n--crate-type\nlib\n--cfg\nfeature=\"a b\"\n");
        RustInvocation inv = cacheable(List.of("@args", "src/lib.rs"));
        assertThat(inv.keyArgs()).containsExactly("--crate-name", "w", "--crate-type", "lib", "--cfg",
                "feature=\"a b\"", "src/lib.rs");
        assertThat(refused("@missing", "src/lib.rs")).isEqualTo(Reason.RESPONSE_FILE);
    }

    @Test
    void nativeLibrariesTargetFilesAndNativeCpuAreNoted() {
        RustInvocation inv = cacheable(List.of("--crate-name", "a", "a.rs", "--crate-type", "rlib", "-L",
                "native=out", "-Ldependency=deps", "-l", "static=foo", "-lstatic:+verbatim=bar.o", "-l", "z:zz",
                "--target", "my.json", "-C", "target-cpu=native", "-Clinker=clang"));
        assertThat(inv.searchDirs()).containsExactly("out");
        assertThat(inv.nativeLibraries()).containsExactly(new RustInvocation.NativeLibrary("foo", false),
                new RustInvocation.NativeLibrary("bar.o", true), new RustInvocation.NativeLibrary("z", false));
        assertThat(inv.targetFile()).contains("my.json");
        assertThat(inv.nativeCpu()).isTrue();
        assertThat(inv.linker()).contains("clang");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "-vV|informational",
        "- --crate-name ___ --print=file-names --crate-type bin|stdin-input",
        "--crate-name a a.rs --crate-type lib -C incremental=/t/inc|incremental",
        "--crate-name a a.rs --crate-type cdylib|crate-type-not-cached",
        "--crate-name a a.rs --crate-type dylib|crate-type-not-cached",
        "--crate-name a a.rs --crate-type bin --test|test-harness",
        "--crate-name a a.rs --crate-type lib --emit=llvm-ir|unsupported-option",
        "--crate-name a a.rs --crate-type lib -Zshare-generics|unsupported-option",
        "--crate-name a a.rs --crate-type lib --frobnicate|unsupported-option",
        "--crate-name a a.rs --crate-type lib -C split-debuginfo=packed|unsupported-option",
        "--crate-name a a.rs b.rs --crate-type lib|multiple-inputs",
        "--crate-name a --crate-type lib|no-input",
        "a.rs --crate-type lib|unsupported-option",
        "--crate-name a a.rs|unsupported-option",
        "--crate-name a a.rs --crate-type lib --out-dir|missing-argument",
    })
    void refusesWhatItDoesNotModelWithAReason(String args, String reason) {
        assertThat(refused(args.split(" ")).id()).isEqualTo(reason);
    }
}
