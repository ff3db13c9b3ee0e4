package dev.zccache.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.zccache.admin.StatusService;
import dev.zccache.compile.CompileHandler;
import dev.zccache.daemon.DaemonLifecycle;
import dev.zccache.protocol.Reply;
import dev.zccache.protocol.ReplySink;
import dev.zccache.protocol.Request;
import dev.zccache.protocol.ServerIdentity;
import dev.zccache.protocol.Wire;
import java.util.List;
import java.util.Map;
import dev.zccache.admin.AdminCommands;
import org.junit.jupiter.api.Test;

class RequestDispatcherTest {

    private final DaemonLifecycle lifecycle = mock(DaemonLifecycle.class);
    private final StatusService status = mock(StatusService.class);
    private final CompileHandler compiles = mock(CompileHandler.class);
    private final AdminCommands admin = mock(AdminCommands.class);
    private final RequestDispatcher dispatcher = new RequestDispatcher(new ServerIdentity(7, "1.0"), lifecycle,
            status, compiles, admin);

    private static Request.Compile compile(String version) {
        return new Request.Compile(version, 0, 022, "/usr/bin/gcc", "/", List.of("/usr/bin/gcc"), Map.of(), true);
    }

    @Test
    void launcherOfAnotherVersionGetsVersionMismatchWithDaemonPid() {
        Reply r = dispatcher.handle(compile("0.9"), ReplySink.DISCARD);
        assertThat(r).isEqualTo(new Reply.Error(Wire.ERR_VERSION_MISMATCH, 7, "1.0",
                "launcher 0.9 does not match daemon 1.0"));
        verify(compiles, never()).handle(any(), any());
    }

    @Test
    void stopIsAcceptedFromAnyVersion() {
        Reply r = dispatcher.handle(new Request.Stop("0.9"), ReplySink.DISCARD);
        assertThat(r).isInstanceOf(Reply.Result.class);
        verify(lifecycle).requestStop(any());
    }

    @Test
    void statusIsAnsweredForAnyVersionSoOperatorsSeeWhatRuns() {
        when(status.render(true)).thenReturn("{}\n");
        Reply r = dispatcher.handle(new Request.Status("0.9", Wire.FORMAT_JSON), ReplySink.DISCARD);
        assertThat(r).isEqualTo(new Reply.Result(0, "{}\n"));
    }

    @Test
    void pingFromAnotherVersionIsAMismatch() {
        Reply r = dispatcher.handle(new Request.Ping("0.9"), ReplySink.DISCARD);
        assertThat(r).isInstanceOfSatisfying(Reply.Error.class,
                e -> assertThat(e.code()).isEqualTo(Wire.ERR_VERSION_MISMATCH));
    }

    @Test
    void invalidFrameBecomesErrorWithItsCode() {
        Reply r = dispatcher.handle(new Request.Invalid(Wire.ERR_TOO_LARGE, "too big"), ReplySink.DISCARD);
        assertThat(r).isInstanceOfSatisfying(Reply.Error.class, e -> assertThat(e.code()).isEqualTo(Wire.ERR_TOO_LARGE));
    }

    @Test
    void compileWhileStoppingIsRefused() {
        when(lifecycle.begin()).thenReturn(null);
        Reply r = dispatcher.handle(compile("1.0"), ReplySink.DISCARD);
        assertThat(r).isInstanceOfSatisfying(Reply.Error.class,
                e -> assertThat(e.code()).isEqualTo(Wire.ERR_SHUTTING_DOWN));
    }

    @Test
    void handlerFailureBecomesInternalErrorNotAnException() {
        when(lifecycle.begin()).thenReturn(() -> { });
        when(compiles.handle(any(), any())).thenThrow(new IllegalStateException("boom"));
        Reply r = dispatcher.handle(compile("1.0"), ReplySink.DISCARD);
        assertThat(r).isInstanceOfSatisfying(Reply.Error.class, e -> assertThat(e.code()).isEqualTo(Wire.ERR_INTERNAL));
    }

    @Test
    void compileIsCountedInFlightUntilItReturns() {
        DaemonLifecycle.InFlight inFlight = mock(DaemonLifecycle.InFlight.class);
        when(lifecycle.begin()).thenReturn(inFlight);
        when(compiles.handle(any(), any())).thenReturn(new Reply.Exit(0));
        assertThat(dispatcher.handle(compile("1.0"), ReplySink.DISCARD)).isEqualTo(new Reply.Exit(0));
        verify(inFlight).close();
    }
}
