package dev.zccache.compiler.ar;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zccache.compiler.Analysis;
import dev.zccache.compiler.Refusal;
import dev.zccache.compiler.ToolCall;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RanlibFamilyTest {

    @TempDir
    Path cwd;

    private Analysis analyze(String... args) {
        List<String> argv = new ArrayList<>(List.of("/usr/bin/ranlib"));
        argv.addAll(List.of(args));
        return RanlibFamily.analyze(List.of(args), new ToolCall("/usr/bin/ranlib", argv, cwd, Map.of()));
    }

    @Test
    void oneArchiveIndexedInPlace() {
        ArchiveInvocation inv = (ArchiveInvocation) ((Analysis.Cacheable) analyze("-D", "lib/libz.a")).invocation();
        assertThat(inv.archive()).isEqualTo("lib/libz.a");
        assertThat(inv.members()).isEmpty();
        assertThat(inv.output()).isEqualTo("lib/libz.a");
        assertThat(inv.deterministic()).isEqualTo(ArchiveInvocation.Deterministic.ASKED);
        assertThat(inv.step()).isEqualTo("archive");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "-t l.a|unsupported-option",
        "a.a b.a|multiple-inputs",
        "-D|no-input",
        "--version|informational",
    })
    void refusesTheRest(String args, String reason) {
        assertThat(((Refusal) analyze(args.split(" "))).reason().id()).isEqualTo(reason);
    }
}
