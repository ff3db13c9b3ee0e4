package dev.zccache.cache;

import dev.zccache.hash.KeyHasher;
import dev.zccache.outcome.Reason;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ContextDiffTest {

    private static String dump(String version, List<String> args, List<String> env) {
        return new KeyHasher().string("compiler.path", "/usr/bin/gcc").string("compiler.digest", version)
                .string("cwd", "/src").list("args", args).list("env", env).dump();
    }

    @Test
    void namesAnAddedDefineAsOneChange() {
        ContextDiff.Difference d = ContextDiff.between(dump("1", List.of("-O2", "-c", "x.c"), List.of()),
                dump("1", List.of("-O2", "-DNDEBUG", "-c", "x.c"), List.of()));
        assertThat(d.reason()).isEqualTo(Reason.ARGUMENTS_CHANGED);
        assertThat(d.changes()).containsExactly("argument added: -DNDEBUG");
    }

    @Test
    void namesAChangedDefineAsRemovedAndAdded() {
        ContextDiff.Difference d = ContextDiff.between(dump("1", List.of("-DV=1", "-c", "x.c"), List.of()),
                dump("1", List.of("-DV=2", "-c", "x.c"), List.of()));
        assertThat(d.changes()).containsExactly("argument removed: -DV=1", "argument added: -DV=2");
    }

    @Test
    void namesTheEnvironmentVariable() {
        ContextDiff.Difference d = ContextDiff.between(dump("1", List.of("-c"), List.of("LANG=C")),
                dump("1", List.of("-c"), List.of("CPATH=/inc", "LANG=C.UTF-8")));
        assertThat(d.reason()).isEqualTo(Reason.ENVIRONMENT_CHANGED);
        assertThat(d.changes()).containsExactly("environment variable set: CPATH=/inc",
                "environment variable changed: LANG: C -> C.UTF-8");
    }

    @Test
    void compilerContentComesFirst() {
        ContextDiff.Difference d = ContextDiff.between(dump("aaaa", List.of("-c"), List.of()),
                dump("bbbb", List.of("-c", "-g"), List.of()));
        assertThat(d.reason()).isEqualTo(Reason.COMPILER_CHANGED);
        assertThat(d.changes()).containsExactly("compiler executable changed: /usr/bin/gcc (its content differs)",
                "argument added: -g");
    }

    @Test
    void valuesWithLineBreaksStayOneLine() {
        String before = new KeyHasher().string("compiler.version", "gcc 12\nCopyright").dump();
        String after = new KeyHasher().string("compiler.version", "gcc 13\nCopyright").dump();
        assertThat(ContextDiff.between(before, after).changes())
                .containsExactly("compiler version changed: gcc 12 -> gcc 13");
    }
}
