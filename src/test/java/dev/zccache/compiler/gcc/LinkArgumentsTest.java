package dev.zccache.compiler.gcc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zccache.compiler.Analysis;
import dev.zccache.compiler.Output;
import dev.zccache.compiler.Refusal;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LinkArgumentsTest {

    @TempDir
    Path cwd;

    private LinkInvocation cacheable(String... args) {
        Analysis a = LinkArguments.analyze(List.of(args), cwd);
        assertThat(a).isInstanceOf(Analysis.Cacheable.class);
        return (LinkInvocation) ((Analysis.Cacheable) a).invocation();
    }

    @Test
    void aLinkOfObjectsAndLibrariesWritesOneProgram() {
        LinkInvocation inv = cacheable("-O2", "main.o", "sub/x.o", "libz.a", "-Llib", "-L", "other", "-lm", "-o", "prog");
        assertThat(inv.output()).isEqualTo("prog");
        assertThat(inv.inputs()).containsExactly("main.o", "sub/x.o", "libz.a");
        assertThat(inv.libraryDirs()).containsExactly("lib", "other");
        assertThat(inv.outputs()).containsExactly(Output.executable("linked", "prog"));
        assertThat(cacheable("-shared", "a.o", "-oliba.so", "-fuse-ld=lld").linker()).contains("lld");
        assertThat(cacheable("a.o").output()).isEqualTo("a.out");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"-Wl,-Map=out/p.map", "-Wl,-Map,out/p.map", "-Wl,--Map=out/p.map",
        "-Wl,-O1,--Map,out/p.map", "-Xlinker -Map=out/p.map"})
    void aLinkMapIsAnOutputBeforeTheProgram(String option) {
        List<String> args = new java.util.ArrayList<>(List.of("a.o", "-o", "p"));
        args.addAll(List.of(option.split(" ")));
        LinkInvocation inv = cacheable(args.toArray(String[]::new));
        assertThat(inv.outputs()).containsExactly(Output.optional("map", "out/p.map"), Output.executable("linked", "p"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "main.c f.o -o p|link",
        "-x c main -o p|link",
        "a.o -flto -o p|link",
        "a.o -flto=auto -o p|link",
        "a.o -fuse-ld=gold -o p|link",
        "a.o -Wl,-Map=maps/ -o p|link",
        "a.o -Xlinker -Map -Xlinker p.map -o p|link",
        "a.o -Xlinker --out-implib -Xlinker p.lib -o p|link",
        "a.o -Wl,--build-id=uuid -o p|link",
        "a.o -r -o p.o|link",
        "a.o -B/opt/tools -o p|link",
        "a.o -o /dev/null|output-not-a-file",
        "-o p|no-input",
    })
    void refusesWhatItDoesNotModel(String args, String reason) {
        assertThat(((Refusal) LinkArguments.analyze(List.of(args.split(" ")), cwd)).reason().id()).isEqualTo(reason);
    }

    @Test
    void aLibraryIsShadowedInEveryEarlierDirectoryAndByASharedObjectBesideAnArchive() {
        List<Path> dirs = List.of(Path.of("/w/first"), Path.of("/w/second"), Path.of("/usr/lib"));
        assertThat(LibrarySearch.shadowsOf(Path.of("/w/second/libf.a"), dirs)).containsExactly(
                Path.of("/w/first/libf.so"), Path.of("/w/first/libf.a"), Path.of("/w/second/libf.so"));
        assertThat(LibrarySearch.shadowsOf(Path.of("/usr/lib/libm.so.6"), dirs)).hasSize(6).contains(Path.of("/usr/lib/libm.so"));
        assertThat(LibrarySearch.shadowsOf(Path.of("/w/main.o"), dirs)).isEmpty();
        assertThat(LibrarySearch.shadowsOf(Path.of("/elsewhere/libq.a"), dirs)).isEmpty();
    }

    @Test
    void theDriversLibraryDirectoriesInOrder() {
        assertThat(GccProbes.libraries("install: /usr/lib/gcc/x86_64-linux-gnu/12/\nprograms: =/a\n"
                + "libraries: =/usr/lib/gcc/x86_64-linux-gnu/12/:/usr/lib/gcc/x86_64-linux-gnu/12/../../../x86_64-linux-gnu/:/lib/\n"))
                .contains(List.of(Path.of("/usr/lib/gcc/x86_64-linux-gnu/12"), Path.of("/usr/lib/x86_64-linux-gnu"),
                        Path.of("/lib")));
    }

    @Test
    void onlyLinkersThatWriteADependencyFileAreUsed() {
        assertThat(GccLinks.listsWhatItReads("GNU ld (GNU Binutils for Debian) 2.40\nCopyright")).isTrue();
        assertThat(GccLinks.listsWhatItReads("GNU ld (GNU Binutils) 2.34\n")).isFalse();
        assertThat(GccLinks.listsWhatItReads("GNU ld version 2.35.2-1\n")).isTrue();
        assertThat(GccLinks.listsWhatItReads("Debian LLD 14.0.6 (compatible with GNU linkers)\n")).isTrue();
        assertThat(GccLinks.listsWhatItReads("LLD 17.0.1 (compatible with GNU linkers)\n")).isTrue();
        assertThat(GccLinks.listsWhatItReads("GNU gold (GNU Binutils for Debian 2.40) 1.16\n")).isFalse();
        assertThat(GccLinks.listsWhatItReads("mold 2.0.0 (compatible with GNU ld)\n")).isFalse();
    }
}
