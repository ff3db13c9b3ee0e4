package dev.zccache.dispatch;

import dev.zccache.admin.AdminCommands;
import dev.zccache.admin.StatusService;
import dev.zccache.compile.CompileHandler;
import dev.zccache.daemon.DaemonLifecycle;
import dev.zccache.protocol.Reply;
import dev.zccache.protocol.ReplySink;
import dev.zccache.protocol.Request;
import dev.zccache.protocol.RequestHandler;
import dev.zccache.protocol.ServerIdentity;
import dev.zccache.protocol.Wire;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** Routes a decoded request to its handler by type; turns every failure into an error reply. */
@Component
final class RequestDispatcher implements RequestHandler {

    private static final Logger log = LoggerFactory.getLogger(RequestDispatcher.class);

    private final ServerIdentity identity;
    private final DaemonLifecycle lifecycle;
    private final StatusService status;
    private final CompileHandler compiles;
    private final AdminCommands admin;

    public RequestDispatcher(ServerIdentity identity, DaemonLifecycle lifecycle, StatusService status,
            CompileHandler compiles, AdminCommands admin) {
        this.admin = admin;
        this.identity = identity;
        this.lifecycle = lifecycle;
        this.status = status;
        this.compiles = compiles;
    }

    @Override
    public Reply handle(Request request, ReplySink sink) {
        try {
            return route(request, sink);
        } catch (RuntimeException e) {
            log.error("request failed: {}", request.getClass().getSimpleName(), e);
            return error(Wire.ERR_INTERNAL, "internal error: " + e);
        }
    }

    private Reply route(Request request, ReplySink sink) {
        if (request instanceof Request.Invalid invalid) {
            log.warn("bad request: {}", invalid.message());
            return error(invalid.code(), invalid.message());
        }
        // Any launcher may stop any daemon: that is how a daemon of another version is replaced.
        if (request instanceof Request.Stop) {
            lifecycle.requestStop("stop requested");
            return new Reply.Result(0, "zccache daemon stopping\n");
        }
        // Status is read-only and its JSON is stable: it shows an operator which version runs.
        if (request instanceof Request.Status s) {
            return new Reply.Result(0, status.render(s.format() == Wire.FORMAT_JSON));
        }
        if (!identity.version().equals(request.clientVersion())) {
            return error(Wire.ERR_VERSION_MISMATCH, "launcher " + request.clientVersion() + " does not match daemon "
                    + identity.version());
        }
        if (request instanceof Request.Ping) {
            return new Reply.Result(0, "");
        }
        if (request instanceof Request.Admin a) {
            return admin.handle(a.args(), a.cwd());
        }
        Request.Compile compile = (Request.Compile) request;
        DaemonLifecycle.InFlight inFlight = lifecycle.begin();
        if (inFlight == null) {
            return error(Wire.ERR_SHUTTING_DOWN, "the daemon is shutting down");
        }
        try (inFlight) {
            return compiles.handle(compile, sink);
        }
    }

    private Reply error(int code, String message) {
        return new Reply.Error(code, identity.pid(), identity.version(), message);
    }
}
