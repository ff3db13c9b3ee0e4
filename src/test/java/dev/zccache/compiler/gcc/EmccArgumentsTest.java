package dev.zccache.compiler.gcc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zccache.compiler.Analysis;
import dev.zccache.compiler.Refusal;
import dev.zccache.outcome.Reason;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EmccArgumentsTest {

    @TempDir
    Path cwd;

    private EmccArguments.Split split(String... args) {
        EmccArguments.Parse p = EmccArguments.split(List.of(args), cwd);
        assertThat(p).isInstanceOf(EmccArguments.Split.class);
        return (EmccArguments.Split) p;
    }

    @Test
    void emccsOwnOptionsAreTakenOutWithTheFilesTheyName() {
        EmccArguments.Split s = split("-O2", "-s", "EXIT_RUNTIME=1", "-sALLOW_MEMORY_GROWTH", "--pre-js", "pre.js",
                "--post-js=post.js", "--preload-file", "assets@/data", "--bind", "-std=c11", "-static", "-c", "a.c",
                "--em-config", "my.cfg", "--cache", "c");
        assertThat(s.clangArgs()).containsExactly("-O2", "-std=c11", "-static", "-c", "a.c");
        assertThat(s.emccArgs()).containsExactly("-sEXIT_RUNTIME=1", "-sALLOW_MEMORY_GROWTH", "--pre-js=pre.js",
                "--post-js=post.js", "--preload-file=assets@/data", "--bind", "--em-config=my.cfg", "--cache=c");
        assertThat(s.inputs()).containsExactly("pre.js", "post.js", "assets", "my.cfg");
        assertThat(s.config()).contains("my.cfg");
        assertThat(s.cache()).contains("c");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--js-transform|sed|unsupported-option",
        "--clear-cache||unsupported-option",
        "--cflags||informational",
        "-gseparate-dwarf=x.wasm||unsupported-option",
        "-s||missing-argument",
    })
    void callsThatAreNoBuildOrWriteUnmodelledFilesAreRefused(String option, String value, String reason) {
        List<String> args = value == null ? List.of("a.o", option) : List.of("a.o", option, value);
        EmccArguments.Parse p = EmccArguments.split(args, cwd);
        assertThat(p).isInstanceOf(EmccArguments.Refused.class);
        assertThat(((EmccArguments.Refused) p).refusal().reason().id()).isEqualTo(reason);
    }

    @Test
    void aLinkNamesItsOutputsAfterTheStem() {
        Analysis a = EmccArguments.link(split("main.o", "libx.a", "-Llib", "-lx", "-o", "out/app.html"));
        EmccLink link = (EmccLink) ((Analysis.Cacheable) a).invocation();
        assertThat(link.inputs()).containsExactly("main.o", "libx.a");
        assertThat(link.libraryDirs()).containsExactly("lib");
        assertThat(link.siblings()).contains("out/app.js", "out/app.wasm", "out/app.data", "out/app.worker.js",
                "out/app.wasm.map").doesNotContain("out/app.html");
        assertThat(link.outputs().get(link.outputs().size() - 1).path()).as("the main output last").isEqualTo("out/app.html");
        assertThat(link.outputs()).filteredOn(o -> o.path().endsWith(".wasm")).allMatch(o -> o.executable());
        assertThat(link.unmodelledOutputs()).contains("out/app.");
        assertThat(EmccArguments.siblings("a.out.js")).contains("a.out.wasm");
        assertThat(EmccArguments.stem("lib.wasm")).isEqualTo("lib");
    }

    @Test
    void aLinkThatCompilesASourceOrWritesNothingIsRefused() {
        assertThat(EmccArguments.link(split("main.c", "-o", "a.js"))).isEqualTo(
                new Refusal(Reason.LINK, "main.c: the link compiles a source first (to a temporary object)"));
        assertThat(((Refusal) EmccArguments.link(split("-o", "a.js"))).reason()).isEqualTo(Reason.NO_INPUT);
        assertThat(((Refusal) EmccArguments.link(split("a.o", "-Wl,--trace"))).reason()).isEqualTo(Reason.LINK);
    }
}
