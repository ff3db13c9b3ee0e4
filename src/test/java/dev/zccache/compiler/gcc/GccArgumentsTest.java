package dev.zccache.compiler.gcc;

import dev.zccache.compiler.Analysis;
import dev.zccache.compiler.Refusal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GccArgumentsTest {

    @TempDir
    Path cwd;

    private Analysis analyze(String commandLine) {
        return GccArguments.analyze(Arrays.asList(commandLine.trim().split(" +")), cwd);
    }

    private GccInvocation cacheable(String commandLine) {
        Analysis a = analyze(commandLine);
        assertThat(a).as(commandLine).isInstanceOf(Analysis.Cacheable.class);
        return (GccInvocation) ((Analysis.Cacheable) a).invocation();
    }

    @ParameterizedTest(name = "{0} -> {1} {2}")
    @CsvSource(delimiter = '|', value = {
        "-c foo.c                                   | foo.o       | C",
        "-c src/foo.c                               | foo.o       | C",
        "-c foo.c -o out/x.o                        | out/x.o     | C",
        "-c foo.c -oout.o                           | out.o       | C",
        "-o x.o -c foo.c                            | x.o         | C",
        "-c foo.cc                                  | foo.o       | C++",
        "-c foo.cpp                                 | foo.o       | C++",
        "-c foo.cxx                                 | foo.o       | C++",
        "-c foo.cp                                  | foo.o       | C++",
        "-c foo.c++                                 | foo.o       | C++",
        "-c foo.C                                   | foo.o       | C++",
        "-c foo.CPP                                 | foo.o       | C++",
        "-c foo.m                                   | foo.o       | OBJECTIVE-C",
        "-c foo.mm                                  | foo.o       | OBJECTIVE-C++",
        "-c foo.i                                   | foo.o       | CPP-OUTPUT",
        "-c foo.ii                                  | foo.o       | C++-CPP-OUTPUT",
        "-c foo.s                                   | foo.o       | ASSEMBLER",
        "-c foo.S                                   | foo.o       | ASSEMBLER-WITH-CPP",
        "-c foo.sx                                  | foo.o       | ASSEMBLER-WITH-CPP",
        "-x c -c noext                              | noext.o     | C",
        "-xc -c noext                               | noext.o     | C",
        "-x c++ -c foo.c                            | foo.o       | C++",
        "-x assembler-with-cpp -c foo.asm           | foo.o       | ASSEMBLER-WITH-CPP",
        "-x c++ -x none -c foo.c                    | foo.o       | C",
        "-c -- foo.c                                | foo.o       | C",
        "-c -O2 -g -Wall -Werror -std=c11 foo.c     | foo.o       | C",
        "-c -I inc -Iinc2 -isystem sys foo.c        | foo.o       | C",
        "-c -D X=1 -DY -U Z -UW foo.c               | foo.o       | C",
        "-c -fPIC -fno-common -pipe foo.c           | foo.o       | C",
        "-c -m64 -march=x86-64-v2 foo.c             | foo.o       | C",
        "-c -Wl,--as-needed foo.c                   | foo.o       | C",
        "-c -Wa,--noexecstack foo.c                 | foo.o       | C",
        "-c -Wp,-DX foo.c                           | foo.o       | C",
        "-c -MD foo.c                               | foo.o       | C",
        "-c -MMD -MF foo.d foo.c                    | foo.o       | C",
        "-c -MD -MF foo.d -MT tgt -MQ q -MP foo.c   | foo.o       | C",
        "-c -Wp,-MD,.foo.d foo.c -o foo.o           | foo.o       | C",
        "-c -Wp,-MMD,.foo.d foo.c                   | foo.o       | C",
        "-c -include pre.h foo.c                    | foo.o       | C",
        "-c -includepre.h foo.c                     | foo.o       | C",
        "-c -imacros m.h foo.c                      | foo.o       | C",
        "-c -specs=my.specs foo.c                   | foo.o       | C",
        "-c --sysroot /sr foo.c                     | foo.o       | C",
        "-c --sysroot=/sr foo.c                     | foo.o       | C",
        "-c -target x86_64-linux-gnu foo.c          | foo.o       | C",
        "-c -fdebug-prefix-map=/a=/b foo.c          | foo.o       | C",
        "-c -ffile-prefix-map=/a=. foo.c            | foo.o       | C",
        "-c -fsanitize=address foo.c                | foo.o       | C",
        "-c -flto foo.c                             | foo.o       | C",
        "-c -o /dev/null foo.c                      | /dev/null   | C",
        "-c -x c foo.txt                            | foo.o       | C",
        "-c .hidden.c                               | .hidden.o   | C",
        "-c a.b.c                                   | a.b.o       | C",
        "-c -lm foo.c                               | foo.o       | C",
        "-c -L lib foo.c                            | foo.o       | C",
    })
    void cacheableShapes(String commandLine, String output, String language) {
        GccInvocation inv = cacheable(commandLine);
        assertThat(inv.output()).isEqualTo(output);
        assertThat(inv.language().xName().toUpperCase()).isEqualTo(language);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "foo.c                                | link",
        "foo.c -o foo                         | link",
        "foo.o -o prog                        | link",
        "-E foo.c                             | preprocess-only",
        "-c -E foo.c                          | preprocess-only",
        "-M foo.c                             | dependency-only",
        "-MM foo.c                            | dependency-only",
        "-MM -MF x.d foo.c                    | dependency-only",
        "-c -M -MD foo.c                      | dependency-only",
        "-c -MM -MMD -MF x.d foo.c            | dependency-only",
        "-S foo.c                             | assembly-output",
        "-c -S foo.c                          | assembly-output",
        "-c -x c -                            | stdin-input",
        "-c -                                 | stdin-input",
        "-c                                   | no-input",
        "-c -O2                               | no-input",
        "-c a.c b.c                           | multiple-inputs",
        "-c a.c -o x.o -o y.o                 | multiple-outputs",
        "-c foo.o                             | non-source-input",
        "-c libx.a                            | non-source-input",
        "-c noext                             | non-source-input",
        "-c foo.h                             | precompiled-header",
        "-c foo.hpp                           | precompiled-header",
        "-x c-header -c foo.c                 | precompiled-header",
        "-x cobol -c foo.c                    | unknown-language",
        "-c foo.c -save-temps                 | unsupported-option",
        "-c foo.c -save-temps=obj             | unsupported-option",
        "-c foo.c -ftime-trace                | unsupported-option",
        "-c foo.c -fdump-tree-all             | unsupported-option",
        "-c foo.c -fdump-rtl-expand           | unsupported-option",
        "-c foo.c -fcallgraph-info            | unsupported-option",
        "-c foo.c -frecord-gcc-switches       | unsupported-option",
        "-c foo.c -fprofile-use               | unsupported-option",
        "-c foo.c -fprofile-use=prof.gcda     | unsupported-option",
        "-c foo.c -fauto-profile=x            | unsupported-option",
        "-c foo.c -MJ db.json                 | unsupported-option",
        "-c foo.c -Xclang -load               | unsupported-option",
        "-c foo.c -fmodules                   | unsupported-option",
        "-c foo.c -MG -MD                     | unsupported-option",
        "-c foo.c -Wp,-MT,x                   | unsupported-option",
        "-c foo.c -Xpreprocessor -MD          | unsupported-option",
        "-c foo.c -Wa,-alh=foo.lst            | unsupported-option",
        "-c foo.c -fopt-info-vec=v.txt        | unsupported-option",
        "-c foo.c -objcmt-migrate-literals    | unsupported-option",
        "-c foo.c -fsyntax-only               | syntax-only",
        "-fsyntax-only foo.c                  | syntax-only",
        "--version                            | informational",
        "-v -c foo.c                          | informational",
        "-### -c foo.c                        | informational",
        "-dumpmachine                         | informational",
        "-print-search-dirs                   | informational",
        "-print-prog-name=cc1                 | informational",
        "-c foo.c -o                          | missing-argument",
        "-c foo.c -I                          | missing-argument",
        "-c -x                                | missing-argument",
        "-c foo.c -o -                        | output-not-a-file",
        "-c foo.c -o-                         | output-not-a-file",
        "-c foo.c -MD -MF -                   | output-not-a-file",
        "-c foo.c -include -                  | stdin-input",
        "-c foo.c -Wp,-MD,-                   | output-not-a-file",
        "-c foo.c -Wp,-MD,x.d -MF y.d         | unsupported-option",
    })
    void uncacheableShapes(String commandLine, String reason) {
        Analysis a = analyze(commandLine);
        assertThat(a).as(commandLine).isInstanceOfSatisfying(Refusal.class,
                u -> assertThat(u.reason().id()).isEqualTo(reason));
    }

    @Test
    void keyKeepsEveryArgumentInOrderButTheOutputAndDepFilePaths() {
        GccInvocation inv = cacheable("-DX=1 -UX -c foo.c -o a/b.o -MD -MF a/b.d -MT t -Werror -Wno-error=foo");
        assertThat(inv.keyArgs()).containsExactly("-DX=1", "-UX", "-c", "foo.c", "-MD", "-MT", "t", "-Werror",
                "-Wno-error=foo");
    }

    @Test
    void argumentOrderChangesTheKey() {
        assertThat(cacheable("-c -DX=1 -UX foo.c").keyArgs()).isNotEqualTo(cacheable("-c -UX -DX=1 foo.c").keyArgs());
    }

    @Test
    void onlyTheOutputPathDiffersBetweenTwoSpellingsOfTheSameCompile() {
        assertThat(cacheable("-c foo.c -o x.o").keyArgs()).isEqualTo(cacheable("-c foo.c -ox.o").keyArgs())
                .isEqualTo(cacheable("-c foo.c -o dir/y.o").keyArgs());
    }

    @Test
    void sourcePathSpellingStaysInTheKey() {
        // __FILE__ and debug info see the path as written
        assertThat(cacheable("-c file.c").keyArgs()).isNotEqualTo(cacheable("-c ./file.c").keyArgs());
    }

    @Test
    void depFileRequestIsModelled() {
        GccInvocation inv = cacheable("-c foo.c -MMD -MF deps/foo.d -MT a -MQ $b -MP");
        DepFileRequest dep = inv.depFile().orElseThrow();
        assertThat(dep.systemHeaders()).isFalse();
        assertThat(dep.path()).contains("deps/foo.d");
        assertThat(dep.targets()).containsExactly("MT:a", "MQ:$b");
        assertThat(dep.phonyTargets()).isTrue();
        assertThat(cacheable("-c foo.c -MD").depFile().orElseThrow().path()).isEmpty();
        assertThat(cacheable("-c foo.c -Wp,-MD,.foo.o.d").depFile().orElseThrow().path()).contains(".foo.o.d");
        assertThat(cacheable("-c foo.c").depFile()).isEmpty();
    }

    @Test
    void filesNamedByOptionsAreInputs() {
        GccInvocation inv = cacheable("-c foo.c -include pre.h -imacros m.h -specs=x.specs -fplugin=p.so"
                + " -fsanitize-ignorelist=ign.txt --config my.cfg");
        assertThat(inv.optionInputs()).containsExactlyInAnyOrder("pre.h", "m.h", "x.specs", "p.so", "ign.txt",
                "my.cfg");
    }

    @Test
    void nativeCpuAndDebugInfoAreFlagged() {
        assertThat(cacheable("-c foo.c -march=native").nativeCpu()).isTrue();
        assertThat(cacheable("-c foo.c -mtune=native").nativeCpu()).isTrue();
        assertThat(cacheable("-c foo.c -march=haswell").nativeCpu()).isFalse();
        assertThat(cacheable("-c foo.c -g").debugInfo()).isTrue();
        assertThat(cacheable("-c foo.c -g3").debugInfo()).isTrue();
        assertThat(cacheable("-c foo.c -g -g0").debugInfo()).isFalse();
        assertThat(cacheable("-c foo.c").debugInfo()).isFalse();
    }

    @Test
    void sideOutputsAreModelledAndNamedAfterTheObject() {
        GccInvocation cov = cacheable("-c src/t.c -o obj/x.o --coverage");
        assertThat(cov.sideOutputs()).containsExactly(SideOutput.GCNO);
        assertThat(cov.sideOutputPath(SideOutput.GCNO)).isEqualTo("obj/x.gcno");
        assertThat(cov.outputInKey()).as("the object embeds its .gcda path").isTrue();
        GccInvocation dwo = cacheable("-c src/t.c -gsplit-dwarf");
        assertThat(dwo.sideOutputs()).containsExactly(SideOutput.DWO);
        assertThat(dwo.sideOutputPath(SideOutput.DWO)).isEqualTo("t.dwo");
        assertThat(dwo.outputInKey()).isTrue();
        GccInvocation su = cacheable("-c t.c -o out.obj.o -fstack-usage");
        assertThat(su.sideOutputPath(SideOutput.SU)).isEqualTo("out.obj.su");
        assertThat(su.outputInKey()).isFalse();
        assertThat(cacheable("-c t.c -fprofile-generate").outputInKey()).isTrue();
        assertThat(cacheable("-c t.c").sideOutputs()).isEmpty();
        assertThat(cacheable("-c t.c -o noext").sideOutputPath(SideOutput.SU)).isEqualTo("noext.su");
    }

    @Test
    void dependencyOptionsCanBeStrippedForAScan() {
        assertThat(GccArguments.withoutDependencyOptions(List.of("-c", "-MMD", "-MP", "-MT", "a b", "-MQx", "-O2",
                "-Wp,-MMD", "-MD", "t.c"))).containsExactly("-c", "-O2", "t.c");
    }

    @Test
    void responseFilesExpandNestedWithGccQuoting() throws IOException {
        Files.writeString(cwd.resolve("outer.rsp"), "-c 'with space.c' @inner.rsp\n");
        Files.writeString(cwd.resolve("inner.rsp"), "-DMSG=\"a b\" -o out\\ dir/x.o\n");
        GccInvocation inv = cacheable("@outer.rsp");
        assertThat(inv.source()).isEqualTo("with space.c");
        assertThat(inv.output()).isEqualTo("out dir/x.o");
        assertThat(inv.keyArgs()).contains("-DMSG=a b");
    }

    @Test
    void responseFileCycleIsUncacheableNotAHang() throws IOException {
        Files.writeString(cwd.resolve("a.rsp"), "-c @b.rsp");
        Files.writeString(cwd.resolve("b.rsp"), "foo.c @a.rsp");
        assertThat(analyze("@a.rsp")).isInstanceOfSatisfying(Refusal.class,
                u -> assertThat(u.reason().id()).isEqualTo("response-file"));
    }

    @Test
    void unreadableResponseFileStaysAnArgument() {
        // gcc keeps "@missing" as an input name, which is then not a source
        assertThat(analyze("-c foo.c @missing.rsp")).isInstanceOf(Refusal.class);
        assertThat(GccArguments.analyze(List.of("-c", "foo.c"), cwd)).isInstanceOf(Analysis.Cacheable.class);
    }

    @Test
    void languageComesFromTheLastXBeforeTheInput() {
        assertThat(cacheable("-x c++ -c foo.c").language()).isEqualTo(Language.CXX);
        assertThat(cacheable("-c foo.c -x c++").language()).isEqualTo(Language.C);
        assertThat(cacheable("-x c -c foo.i").language()).isEqualTo(Language.C);
        assertThat(cacheable("-c foo.i").language().isPreprocessed()).isFalse();
        assertThat(Optional.of(cacheable("-c foo.S").language())).contains(Language.ASSEMBLER_WITH_CPP);
    }

    @Test
    void coloursAreLeftToTheUsersOptionUnlessItIsAuto() {
        assertThat(cacheable("-c foo.c").colouredDiagnostics()).isTrue();
        assertThat(cacheable("-c foo.c -fdiagnostics-color=auto").colouredDiagnostics()).isTrue();
        assertThat(cacheable("-c foo.c -fdiagnostics-color=never -fdiagnostics-color=auto").colouredDiagnostics())
                .isTrue();
        for (String opt : List.of("-fdiagnostics-color=always", "-fdiagnostics-color", "-fno-diagnostics-color",
                "-fdiagnostics-color=never", "-fcolor-diagnostics", "-fno-color-diagnostics")) {
            assertThat(cacheable("-c foo.c " + opt).colouredDiagnostics()).as(opt).isFalse();
        }
    }

    @Test
    void aCompileOfSeveralSourcesSplitsIntoOneCompileEachOptionsInPlace(@org.junit.jupiter.api.io.TempDir Path cwd) {
        assertThat(GccArguments.splitSources(List.of("-O2", "-c", "a.c", "-I", "inc", "sub/b.c", "-x", "c", "c.txt", "-MD"),
                cwd)).containsExactly(
                        List.of("-O2", "-c", "a.c", "-I", "inc", "-x", "c", "-MD"),
                        List.of("-O2", "-c", "-I", "inc", "sub/b.c", "-x", "c", "-MD"),
                        List.of("-O2", "-c", "-I", "inc", "-x", "c", "c.txt", "-MD"));
        assertThat(GccArguments.splitSources(List.of("-c", "a.c", "b.c", "-o", "x.o"), cwd)).isEmpty();
        assertThat(GccArguments.splitSources(List.of("-c", "a.c", "b.c", "-MF", "d"), cwd)).isEmpty();
        assertThat(GccArguments.splitSources(List.of("a.c", "b.c"), cwd)).as("a link").isEmpty();
        assertThat(GccArguments.splitSources(List.of("-c", "a.c"), cwd)).isEmpty();
    }
}
