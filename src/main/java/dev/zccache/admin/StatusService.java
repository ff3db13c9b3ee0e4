package dev.zccache.admin;

import dev.zccache.daemon.DaemonLifecycle;
import dev.zccache.daemon.ZccacheProperties;
import dev.zccache.hash.Sha256;
import dev.zccache.hash.StatBatch;
import dev.zccache.ipc.UnixSocketListener;
import dev.zccache.protocol.ServerIdentity;
import dev.zccache.protocol.Wire;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

/** {@code zccache status}: whether the daemon runs and where; as text or as JSON. */
@Service
public final class StatusService {

    private final ServerIdentity identity;
    private final ZccacheProperties properties;
    private final Path socketPath;
    private final DaemonLifecycle lifecycle;
    private final UnixSocketListener listener;
    private final JsonMapper json;
    private final ActuatorHttpServer actuator;

    public StatusService(ServerIdentity identity, ZccacheProperties properties, Path socketPath,
            DaemonLifecycle lifecycle, UnixSocketListener listener, JsonMapper json, ActuatorHttpServer actuator) {
        this.actuator = actuator;
        this.identity = identity;
        this.properties = properties;
        this.socketPath = socketPath;
        this.lifecycle = lifecycle;
        this.listener = listener;
        this.json = json;
    }

    /** Field names are part of the documented `status --json` format (HELP.md). */
    public Map<String, Object> status() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("running", true);
        m.put("pid", identity.pid());
        m.put("version", identity.version());
        m.put("protocol", Wire.PROTOCOL_VERSION);
        m.put("cache_dir", properties.cacheDir().toString());
        m.put("socket", socketPath.toString());
        m.put("uptime_ms", lifecycle.uptime().toMillis());
        m.put("in_flight", lifecycle.inFlight());
        m.put("open_connections", listener.openConnections());
        m.put("idle_timeout_secs", properties.idleTimeoutSecs());
        m.put("java_version", Runtime.version().toString());
        // whether hits re-confirm their closures in one native call (else one java.nio stat each)
        m.put("native_stat", StatBatch.available() && properties.nativeStat());
        // whether file digests come from the system's libcrypto (else Java's SHA-256 on C1)
        m.put("native_hash", Sha256.hashesNatively());
        // null while it starts (it starts after the socket), when switched off, or if it failed
        m.put("actuator_url", actuator.url().orElse(null));
        m.put("actuator_token_file", actuator.tokenFile().map(Path::toString).orElse(null));
        return m;
    }

    public String render(boolean asJson) {
        Map<String, Object> s = status();
        if (asJson) {
            return json.writeValueAsString(s) + "\n";
        }
        StringBuilder out = new StringBuilder("zccache daemon: running\n");
        for (Map.Entry<String, Object> e : s.entrySet()) {
            if (!e.getKey().equals("running")) {
                out.append(String.format("%-18s %s%n", e.getKey().replace('_', ' ') + ":", e.getValue()));
            }
        }
        return out.toString();
    }
}
