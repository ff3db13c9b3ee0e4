package dev.zccache.compiler.ar;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zccache.compiler.Analysis;
import dev.zccache.compiler.Output;
import dev.zccache.compiler.Refusal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ArchiveArgumentsTest {

    @TempDir
    Path cwd;

    private ArchiveInvocation cacheable(String... args) {
        Analysis a = ArchiveArguments.analyze(List.of(args), cwd);
        assertThat(a).isInstanceOf(Analysis.Cacheable.class);
        return (ArchiveInvocation) ((Analysis.Cacheable) a).invocation();
    }

    @Test
    void theCommonFormsBuildTheArchiveFromItsMembers() {
        for (String op : List.of("rcs", "crs", "cr", "qc", "rcD", "-rcs", "r")) {
            ArchiveInvocation inv = cacheable(op, "lib/libz.a", "a.o", "sub/b.o");
            assertThat(inv.archive()).isEqualTo("lib/libz.a");
            assertThat(inv.members()).containsExactly("a.o", "sub/b.o");
            assertThat(inv.outputs()).containsExactly(Output.required("archive", "lib/libz.a"));
            assertThat(inv.source()).isEqualTo("a.o");
        }
        assertThat(cacheable("rcD", "l.a", "a.o").deterministic()).isEqualTo(ArchiveInvocation.Deterministic.ASKED);
        assertThat(cacheable("rcU", "l.a", "a.o").deterministic()).isEqualTo(ArchiveInvocation.Deterministic.REFUSED);
        assertThat(cacheable("rcs", "l.a", "a.o").deterministic()).isEqualTo(ArchiveInvocation.Deterministic.TOOL_DEFAULT);
    }

    @Test
    void gccArsPluginIsAnInputAndResponseFilesExpand() throws Exception {
        ArchiveInvocation inv = cacheable("--plugin", "/usr/lib/gcc/liblto_plugin.so", "rcs", "l.a", "a.o");
        assertThat(inv.plugin()).contains("/usr/lib/gcc/liblto_plugin.so");
        Files.writeString(cwd.resolve("objs.rsp"), "a.o 'b c.o'\n");
        assertThat(cacheable("rcs", "l.a", "@objs.rsp").members()).containsExactly("a.o", "b c.o");
        assertThat(ArchiveArguments.namedOutput(List.of("--plugin", "p.so", "t", "l.a"))).isEqualTo(Optional.of("l.a"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "t l.a|not-an-archive-build",
        "x l.a|not-an-archive-build",
        "d l.a a.o|not-an-archive-build",
        "s l.a|not-an-archive-build",
        "rcsu l.a a.o|unsupported-option",
        "rcT l.a a.o|unsupported-option",
        "rb a.o l.a b.o|unsupported-option",
        "--thin rcs l.a a.o|unsupported-option",
        "--version|informational",
        "rcs|missing-argument",
    })
    void refusesWhatIsNotADeterministicBuildFromMembers(String args, String reason) {
        assertThat(((Refusal) ArchiveArguments.analyze(List.of(args.split(" ")), cwd)).reason().id()).isEqualTo(reason);
    }

    @Test
    void dIsTheDefaultWhenTheHelpSaysSo() {
        assertThat(ArchiveSteps.deterministicByDefault(
                "  [D]          - use zero for timestamps and uids/gids (default)\n  [U]          - use actual timestamps\n"))
                .isTrue();
        assertThat(ArchiveSteps.deterministicByDefault(
                "  [D]          - use zero for timestamps and uids/gids\n  [U]          - use actual timestamps (default)\n"))
                .isFalse();
        assertThat(ArchiveSteps.deterministicByDefault(
                "  -D                           Use zero for symbol map timestamp (default)\n  -U     Use an actual\n"))
                .as("ranlib's help").isTrue();
    }
}
