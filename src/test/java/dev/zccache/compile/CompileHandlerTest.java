package dev.zccache.compile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.ArgumentMatchers.anyMap;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.zccache.compiler.ToolFamilies;
import dev.zccache.compiler.gcc.GccFamily;
import dev.zccache.compiler.CompilerIdentities;
import dev.zccache.hash.FileStateCache;
import dev.zccache.outcome.Reason;
import java.time.Clock;
import java.time.Duration;
import dev.zccache.protocol.Reply;
import dev.zccache.protocol.ReplySink;
import dev.zccache.protocol.Request;
import dev.zccache.runner.CompilerRunner;
import dev.zccache.outcome.CompileOutcome;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mockito.ArgumentCaptor;

class CompileHandlerTest {

    @TempDir
    Path cwd;

    private final CompilerRunner runner = mock(CompilerRunner.class);
    private final CachedCompile cache = mock(CachedCompile.class);
    private final OutcomeReporter reporter = mock(OutcomeReporter.class);
    private final FileStateCache files = new FileStateCache(100, Clock.systemUTC(), Duration.ofMillis(50));
    private final ToolFamilies families = new ToolFamilies(List.of(
            new GccFamily(new CompilerIdentities(files), files, runner)));
    private final CompileHandler handler = new CompileHandler(runner, cache, reporter, families);

    private Request.Compile compile(String compiler, List<String> args, boolean lossless) {
        return new Request.Compile("v", 0, 022, compiler, cwd.toString(), args, Map.of("PATH", "/usr/bin"), lossless);
    }

    @Test
    void itKnowsWhetherItWasAskedAnythingYet() {
        assertThat(handler.begun()).isFalse();
        handler.handle(compile("/bin/echo", List.of("/bin/echo", "hi"), true), ReplySink.DISCARD);
        assertThat(handler.begun()).isTrue();
    }

    @Test
    void unknownProgramRunsInTheLauncher() {
        Reply r = handler.handle(compile("/bin/echo", List.of("/bin/echo", "hi"), true), ReplySink.DISCARD);
        assertThat(r).isInstanceOfSatisfying(Reply.RunLocally.class,
                l -> assertThat(l.reason()).contains("not a known compiler"));
        verify(runner, never()).run(anyList(), any(), anyMap(), any());
    }

    @Test
    void stdinSourceRunsInTheLauncher() {
        Reply r = handler.handle(compile("/usr/bin/gcc", List.of("/usr/bin/gcc", "-x", "c", "-c", "-"), true),
                ReplySink.DISCARD);
        assertThat(r).isInstanceOf(Reply.RunLocally.class);
    }

    @Test
    void uncacheableGccCallsRunInTheLauncherWithTheReason() {
        Reply link = handler.handle(compile("/usr/bin/gcc", List.of("/usr/bin/gcc", "t.c", "-o", "t"), true),
                ReplySink.DISCARD);
        assertThat(link).isInstanceOfSatisfying(Reply.RunLocally.class,
                l -> assertThat(l.reason()).startsWith("uncacheable: link"));
        Reply preprocess = handler.handle(compile("/usr/bin/clang", List.of("/usr/bin/clang", "-E", "t.c"), true),
                ReplySink.DISCARD);
        assertThat(preprocess).isInstanceOfSatisfying(Reply.RunLocally.class,
                l -> assertThat(l.reason()).startsWith("uncacheable: preprocess-only"));
        verify(runner, never()).run(anyList(), any(), anyMap(), any());
    }

    @Test
    void bytesThatAreNotUtf8RunInTheLauncher() {
        Reply r = handler.handle(compile("/usr/bin/gcc", List.of("/usr/bin/gcc", "-c", "x.c"), false),
                ReplySink.DISCARD);
        assertThat(r).isInstanceOf(Reply.RunLocally.class);
    }

    @Test
    void missingWorkingDirectoryRunsInTheLauncher() {
        Request.Compile c = new Request.Compile("v", 0, 022, "/usr/bin/gcc", cwd.resolve("gone").toString(),
                List.of("/usr/bin/gcc", "-c", "x.c"), Map.of(), true);
        assertThat(handler.handle(c, ReplySink.DISCARD)).isInstanceOf(Reply.RunLocally.class);
    }

    @Test
    void cacheableGccCompileGoesThroughTheCacheWithTheCallersUmask() {
        when(cache.compile(any(), any())).thenReturn(
                new Compiled(new Reply.Exit(0), CompileOutcome.hit(5, "k")));
        List<String> argv = List.of("/usr/bin/gcc", "-c", "x.c", "-o", "y.o");
        Reply r = handler.handle(compile("/usr/bin/gcc", argv, true), ReplySink.DISCARD);
        assertThat(r).isEqualTo(new Reply.Exit(0));
        ArgumentCaptor<Job> job = ArgumentCaptor.forClass(Job.class);
        verify(cache).compile(job.capture(), eq(ReplySink.DISCARD));
        assertThat(job.getValue().invocation().output()).isEqualTo("y.o");
        assertThat(job.getValue().umask()).isEqualTo(022);
        assertThat(job.getValue().call().cwd()).isEqualTo(cwd);
        assertThat(job.getValue().family().name()).isEqualTo("gcc");
    }

    @Test
    void uncacheableCallsAreCountedByReason() {
        handler.handle(compile("/usr/bin/gcc", List.of("/usr/bin/gcc", "t.c", "-o", "t"), true), ReplySink.DISCARD);
        verify(reporter).report(any(), eq(null), eq(cwd.resolve("t").toString()),
                eq(CompileOutcome.uncacheable(Reason.LINK, "t.c: the link compiles a source first (to a temporary object)")), eq(null), org.mockito.ArgumentMatchers.anyLong(),
                eq(null));
    }

    @Test
    void dependencyOutputVariableRunsInTheLauncher() {
        Request.Compile c = new Request.Compile("v", 0, 022, "/usr/bin/gcc", cwd.toString(),
                List.of("/usr/bin/gcc", "-c", "x.c"), Map.of("DEPENDENCIES_OUTPUT", "x.d"), true);
        assertThat(handler.handle(c, ReplySink.DISCARD)).isInstanceOfSatisfying(Reply.RunLocally.class,
                l -> assertThat(l.reason()).startsWith("uncacheable: dependencies-output-env"));
        verify(cache, never()).compile(any(), any());
    }
}
