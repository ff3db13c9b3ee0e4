package dev.zccache.compiler.gcc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zccache.compiler.Analysis;
import dev.zccache.compiler.CompilerIdentities;
import dev.zccache.compiler.CompilerIdentity;
import dev.zccache.compiler.LearntInputs;
import dev.zccache.compiler.MissPlan;
import dev.zccache.compiler.Output;
import dev.zccache.compiler.Refusal;
import dev.zccache.compiler.ToolCall;
import dev.zccache.daemon.ZccacheProperties;
import dev.zccache.hash.FileStateCache;
import dev.zccache.hash.KeyHasher;
import dev.zccache.outcome.Reason;
import dev.zccache.runner.CompilerRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The GCC/Clang family through the seam, as the cache flow calls it; misses run the real gcc. */
class GccFamilyTest {

    @TempDir
    Path dir;

    private final FileStateCache files = new FileStateCache(100, Clock.systemUTC(), Duration.ofMillis(50));
    private final CompilerIdentities identities = new CompilerIdentities(files);
    private CompilerRunner runner;
    private GccFamily family;
    private int scratchSerial;

    private GccFamily family() {
        if (family == null) {
            runner = new CompilerRunner(new ZccacheProperties(dir.resolve("cache"), 0, Duration.ofSeconds(10),
                    Duration.ZERO, "", 1 << 20, 2, 1 << 20, false, 0, Duration.ofSeconds(10), false, "", false, Duration.ofMillis(150), Duration.ofSeconds(5), Duration.ofDays(30), 1 << 26, 1000, "", Duration.ofSeconds(30), false));
            family = new GccFamily(identities, files, runner);
        }
        return family;
    }

    @AfterEach
    void stopRunner() throws Exception {
        if (runner != null) {
            runner.destroy();
        }
    }

    private ToolCall call(String commandLine, Map<String, String> env) {
        List<String> argv = new ArrayList<>(List.of("/usr/bin/gcc"));
        argv.addAll(Arrays.asList(commandLine.split(" ")));
        return new ToolCall("/usr/bin/gcc", argv, dir, env);
    }

    private GccInvocation invocation(ToolCall c) {
        Analysis a = family().analyze(c);
        assertThat(a).isInstanceOf(Analysis.Cacheable.class);
        return (GccInvocation) ((Analysis.Cacheable) a).invocation();
    }

    private CompilerIdentity gcc() throws Exception {
        return identities.identify(Path.of("/usr/bin/gcc"), family().identityArguments()).orElseThrow();
    }

    private LearntInputs.Inputs miss(ToolCall c) throws Exception {
        GccInvocation inv = invocation(c);
        List<Path> scratch = new ArrayList<>();
        MissPlan plan = family().planMiss(c, inv, gcc(), suffix -> {
            Path p = dir.resolve("scratch-" + (++scratchSerial) + suffix);
            scratch.add(p);
            return p;
        });
        CompilerRunner.Completed run = runner.execute(plan.argv(), dir, c.runEnvironment(),
                dev.zccache.protocol.ReplySink.DISCARD, true);
        assertThat(run.exit()).as(new String(run.stderr())).isZero();
        LearntInputs learnt = plan.learn();
        assertThat(learnt).isInstanceOf(LearntInputs.Inputs.class);
        return (LearntInputs.Inputs) learnt;
    }

    @Test
    void outputsAreSideOutputsThenTheObjectThenTheDependencyFile() {
        GccInvocation inv = invocation(call("-c t.c -o obj/t.o -MD -gsplit-dwarf", Map.of()));
        assertThat(inv.outputs()).containsExactly(Output.optional("dwo", "obj/t.dwo"),
                Output.required("object", "obj/t.o"), Output.rewritten("depfile", "obj/t.d"));
    }

    @Test
    void theStoredDependencyFileIsRewrittenForThisObject() {
        GccInvocation inv = invocation(call("-c t.c -o new/t.o -MD", Map.of()));
        Output dep = inv.outputs().get(1);
        byte[] stored = "old/t.o: t.c t.h\n".getBytes();
        CompilerIdentity gcc = new CompilerIdentity("/usr/bin/gcc", "d", "gcc (Debian 12.2.0-14) 12.2.0\n");
        assertThat(inv.rewrite(dep, stored, "old/t.o", gcc)).hasValueSatisfying(
                b -> assertThat(new String(b)).isEqualTo("new/t.o: t.c t.h\n"));
        assertThat(inv.rewrite(dep, "other.o: t.c\n".getBytes(), "old/t.o", gcc)).isEmpty();
    }

    @Test
    void aPreprocessorDependencyRequestIsNamedAfterTheSourceByGccAndAfterTheObjectByClang() {
        GccInvocation inv = invocation(call("-c t.c -o new/t.o -Wp,-MD,t.d", Map.of()));
        Output dep = inv.outputs().get(1);
        CompilerIdentity gcc = new CompilerIdentity("/usr/bin/cc", "d", "cc (Debian 12.2.0-14) 12.2.0\n");
        CompilerIdentity clang = new CompilerIdentity("/usr/bin/cc", "d", "Debian clang version 14.0.6\n");
        assertThat(new String(inv.rewrite(dep, "t.o: t.c\n".getBytes(), "old/t.o", gcc).orElseThrow()))
                .isEqualTo("t.o: t.c\n");
        assertThat(new String(inv.rewrite(dep, "old/t.o: t.c\n".getBytes(), "old/t.o", clang).orElseThrow()))
                .isEqualTo("new/t.o: t.c\n");
        GccInvocation both = invocation(call("-c t.c -o new/t.o -MMD -Wp,-MMD,t.d", Map.of()));
        assertThat(new String(both.rewrite(dep, "old/t.o: t.c\n".getBytes(), "old/t.o", gcc).orElseThrow()))
                .as("gcc's driver names its -MMD rule after the object").isEqualTo("new/t.o: t.c\n");
    }

    @Test
    void contextNamesLanguageArgumentsKeyedVariablesAndOptionInputs() throws Exception {
        Files.writeString(dir.resolve("pre.h"), "#define X 1\n");
        ToolCall c = call("-c t.c -include pre.h -O2", Map.of("CPATH", "/inc", "HOME", "/root"));
        KeyHasher h = new KeyHasher();
        assertThat(family().describeContext(c, invocation(c), gcc(), h)).isEmpty();
        assertThat(h.dump()).startsWith("language = c\nargs[] = -c\nargs[] = t.c\nargs[] = -include\n")
                .contains("env[] = CPATH=/inc\n").doesNotContain("HOME").contains("input pre.h = ");
    }

    @Test
    void aMissingOptionInputRefusesTheKey() throws Exception {
        ToolCall c = call("-c t.c -include gone.h", Map.of());
        assertThat(family().describeContext(c, invocation(c), gcc(), new KeyHasher()))
                .contains(new Refusal(Reason.OPTION_INPUT_MISSING, "gone.h"));
    }

    @Test
    void aMissLearnsTheClosureFromAnInjectedDependencyFile() throws Exception {
        Files.writeString(dir.resolve("t.c"), "#include \"t.h\"\nint t(void) { return T; }\n");
        Files.writeString(dir.resolve("t.h"), "#define T 1\n");
        ToolCall c = call("-c t.c -o t.o", Map.of());
        LearntInputs.Inputs in = miss(c);
        assertThat(in.files().get(0)).isEqualTo("t.c");
        assertThat(in.files()).contains("t.h").anyMatch(f -> f.startsWith("/usr/include") || f.contains("stdc"));
        assertThat(in.contentRules()).hasSize(2);
        // t.h was found beside its includer: nothing can take its place; stdio's bits could only
        // be shadowed in an earlier system directory, never beside the source
        assertThat(in.shadows().of(dir.resolve("t.h"))).isEmpty();
        assertThat(Files.exists(dir.resolve("t.d"))).as("no dependency file of the user's appears").isFalse();
    }

    @Test
    void withMmdTheSystemHeadersAreScannedToo() throws Exception {
        Files.writeString(dir.resolve("t.c"), "#include <stdio.h>\nint t(void) { return 1; }\n");
        LearntInputs.Inputs in = miss(call("-c t.c -o t.o -MMD", Map.of("SOURCE_DATE_EPOCH", "1")));
        assertThat(in.files()).anyMatch(f -> f.endsWith("stdio.h"));
        assertThat(Files.readString(dir.resolve("t.d"))).doesNotContain("stdio.h");
        assertThat(in.contentRules()).as("SOURCE_DATE_EPOCH pins the time macros").hasSize(1);
    }

    @Test
    void aHeaderFoundThroughMinusICanBeShadowedBesideAnyIncluderButASystemHeaderOnlyEarlierInTheChain()
            throws Exception {
        Files.createDirectories(dir.resolve("inc"));
        Files.createDirectories(dir.resolve("mid"));
        Files.writeString(dir.resolve("inc/h.h"), "#define H 1\n");
        Files.writeString(dir.resolve("mid/m.h"), "#include \"h.h\"\n#include <stdio.h>\n");
        Files.createDirectories(dir.resolve("s"));
        Files.writeString(dir.resolve("s/t.c"), "#include \"m.h\"\nint t = H;\n");
        LearntInputs.Inputs in = miss(call("-Iinc -Imid -c s/t.c -o t.o", Map.of()));
        assertThat(in.shadows().of(dir.resolve("inc/h.h"))).contains(dir.resolve("s/h.h"), dir.resolve("mid/h.h"));
        assertThat(in.shadows().of(dir.resolve("mid/m.h"))).contains(dir.resolve("s/m.h"), dir.resolve("inc/m.h"));
        Path stdio = Path.of("/usr/include/stdio.h");
        assertThat(in.shadows().of(stdio)).doesNotContain(dir.resolve("s/stdio.h"))
                .contains(dir.resolve("inc/stdio.h"), Path.of("/usr/local/include/stdio.h"));
    }

    @Test
    void assemblerFileInputsAreFoundByTheirDirectives() {
        assertThat(AssemblerFileInputs.find("asm(\".incbin \\\"d.bin\\\"\");".getBytes())).isEqualTo(".incbin");
        assertThat(AssemblerFileInputs.find("/* see the .include directive */".getBytes())).isNull();
        assertThat(AssemblerFileInputs.findInAssembler(" .include \"x.s\"\n".getBytes())).isEqualTo(".include");
        assertThat(AssemblerFileInputs.findInAssembler("#include \"x.h\"\n".getBytes())).isNull();
    }

    @Test
    void anAssemblerSourceIsItsOwnClosure() throws Exception {
        Files.writeString(dir.resolve("t.s"), ".text\n.globl f\nf:\n ret\n");
        assertThat(miss(call("-c t.s -o t.o", Map.of())).files()).containsExactly("t.s");
    }

    @Test
    void theOutputOfAnUncacheableCallIsNamedForExplain() {
        assertThat(family().namedOutput(call("t.c -o prog", Map.of()))).isEqualTo(Optional.of("prog"));
        assertThat(family().namedOutput(call("-E t.c", Map.of()))).isEmpty();
    }
}
