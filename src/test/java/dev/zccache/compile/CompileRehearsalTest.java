package dev.zccache.compile;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CompileRehearsalTest {

    @TempDir
    Path dir;

    private Path program(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, "#!/bin/sh\n");
        file.toFile().setExecutable(true);
        return file;
    }

    @ParameterizedTest
    @CsvSource({"cc, true", "gcc, true", "x86_64-linux-gnu-gcc-12, true", "clang-14, true", "ar, true",
            "x86_64-linux-gnu-ar, true", "ccache, false", "sccache, false", "zccache, false", "distcc, false",
            "icecc, false", "gcc.sh, false"})
    void onlyAToolItselfIsRunNeverAWrapperLinkedUnderItsName(String realName, boolean run) throws IOException {
        Path real = program(dir.resolve("real").resolve(realName));
        Path link = Files.createSymbolicLink(Files.createDirectories(dir.resolve("bin")).resolve("cc"), real);
        assertThat(CompileRehearsal.isTheTool(link)).isEqualTo(run);
    }

    @Test
    void theFirstToolOnPathThatIsNoWrapperIsTakenByTheNameItWasFoundAs() throws IOException {
        Path wrappers = dir.resolve("wrappers");
        Files.createDirectories(wrappers);
        Files.createSymbolicLink(wrappers.resolve("cc"), program(dir.resolve("lib/ccache")));
        Path tools = dir.resolve("tools");
        Path gcc = program(tools.resolve("x86_64-linux-gnu-gcc-12"));
        Path cc = Files.createSymbolicLink(tools.resolve("cc"), gcc);
        String path = wrappers + ":" + dir.resolve("absent") + "::relative:" + tools;

        assertThat(CompileRehearsal.onPath(path, "cc", "gcc")).contains(cc);
        assertThat(CompileRehearsal.onPath(path, "gcc")).isEmpty();
        assertThat(CompileRehearsal.onPath("", "cc")).isEmpty();
    }

    @Test
    void theRehearsedBuildCompilesWithAndWithoutADependencyFileArchivesWhenItCanAndLinks() {
        Path cc = Path.of("/usr/bin/cc");
        Path ar = Path.of("/usr/bin/ar");

        List<CompileRehearsal.Call> calls = CompileRehearsal.calls(cc, Optional.of(ar));
        List<CompileRehearsal.Call> noAr = CompileRehearsal.calls(cc, Optional.empty());

        assertThat(calls).extracting(CompileRehearsal.Call::program).containsExactly(cc, cc, ar, cc);
        assertThat(calls).allSatisfy(c -> assertThat(c.argv().get(0)).isEqualTo(c.program().toString()));
        assertThat(calls.get(0).argv()).contains("-c").doesNotContain("-MD");
        assertThat(calls.get(1).argv()).contains("-c", "-MD", "-MF");
        assertThat(calls.get(3).argv()).doesNotContain("-c").contains("r.o");
        assertThat(noAr).extracting(CompileRehearsal.Call::program).containsExactly(cc, cc, cc);
    }
}
