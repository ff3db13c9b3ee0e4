package dev.zccache.admin;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.zccache.daemon.ZccacheProperties;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.info.InfoEndpoint;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.health.actuate.endpoint.CompositeHealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.StatusAggregator;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.micrometer.metrics.actuate.endpoint.MetricsEndpoint;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.prometheus.PrometheusOutputFormat;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.prometheus.PrometheusScrapeEndpoint;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Serves Actuator's health, info, metrics and prometheus endpoints over HTTP on 127.0.0.1,
 * with the JDK's built-in HTTP server, started once the socket answers compiles.
 *
 * <h2>Why not Spring MVC and Tomcat</h2>
 * The endpoints are Actuator's own beans (HealthEndpoint with its indicators and groups,
 * MetricsEndpoint, PrometheusScrapeEndpoint, InfoEndpoint); only the HTTP transport is this
 * class. A servlet container costs about 80 MB of resident memory and a third more start-up CPU
 * on this machine (DESIGN.md §6), which would take the daemon's idle RSS past its 256 MB budget
 * and delay the socket's first answer; the JDK server costs a thread and a few classes.
 *
 * <h2>Owner only</h2>
 * Loopback is open to every local user, so every answer but the bare health status needs the
 * bearer token in {@code actuator.token} (0600, see {@link ActuatorToken}). Two threads serve
 * requests, and a client that has not sent its request within the request timeout is closed.
 * Which endpoints answer follows {@code management.endpoints.web.exposure.include/exclude} and
 * {@code management.endpoint.<id>.access=none}.
 */
@Component
final class ActuatorHttpServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ActuatorHttpServer.class);
    private static final String BASE = "/actuator";

    private final ZccacheProperties properties;
    private final ObjectProvider<HealthEndpoint> healthProvider;
    private final ObjectProvider<InfoEndpoint> infoProvider;
    private final ObjectProvider<MetricsEndpoint> metricsProvider;
    private final ObjectProvider<PrometheusScrapeEndpoint> prometheusProvider;
    private final JsonMapper json;
    private final Environment environment;
    private volatile HttpServer server;
    private volatile ActuatorToken token;
    private ExecutorService threads;
    private Set<String> exposed = Set.of();
    // made by the first request (they are lazy: DeferActuator): a fresh daemon's build does not
    // share its cores with making meter registries and health indicators nobody asked for yet
    private volatile Endpoints endpoints;

    private record Endpoints(HealthEndpoint health, InfoEndpoint info, MetricsEndpoint metrics,
            Optional<PrometheusScrapeEndpoint> prometheus) {
    }

    public ActuatorHttpServer(ZccacheProperties properties, ObjectProvider<HealthEndpoint> health,
            ObjectProvider<InfoEndpoint> info, ObjectProvider<MetricsEndpoint> metrics,
            ObjectProvider<PrometheusScrapeEndpoint> prometheus, JsonMapper json, Environment environment) {
        this.properties = properties;
        this.healthProvider = health;
        this.infoProvider = info;
        this.metricsProvider = metrics;
        this.prometheusProvider = prometheus;
        this.json = json;
        this.environment = environment;
    }

    /** Threads serving requests: Prometheus and a person at once, no more. */
    static final int THREADS = 2;

    /** The remote tier's health component (ActuatorConfiguration's remoteHealthIndicator). */
    static final String REMOTE_COMPONENT = "remote";

    static final List<String> ENDPOINTS = List.of("health", "info", "metrics", "prometheus");

    /** After every lifecycle bean started, i.e. once the socket listener answers. */
    @EventListener(ApplicationReadyEvent.class)
    public void start() {
        if (!properties.actuatorEnabled()) {
            return;
        }
        Thread t = new Thread(this::bind, "zccache-actuator-start");
        t.setDaemon(true);
        t.start();
    }

    private void bind() {
        try {
            // read by the JDK server when its first instance is made: a client that does not
            // send its whole request in time is closed (these are seconds)
            long seconds = Math.max(1, properties.actuatorRequestTimeout().toSeconds());
            System.setProperty("sun.net.httpserver.maxReqTime", Long.toString(seconds));
            System.setProperty("sun.net.httpserver.maxRspTime", Long.toString(seconds * 6));
            exposed = exposedEndpoints(Binder.get(environment));
            token = ActuatorToken.create(properties.cacheDir());
            HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(),
                    properties.actuatorPort()), 16);
            s.createContext(BASE, this::handle);
            ClassLoader application = ActuatorHttpServer.class.getClassLoader();
            threads = Executors.newFixedThreadPool(THREADS, r -> {
                Thread th = new Thread(r, "zccache-actuator");
                th.setDaemon(true);
                // the pool's threads are made by the JDK server's dispatcher, whose context class
                // loader (JDK 25) is the system's: from a Spring Boot jar, the lazy Actuator beans
                // then failed to load Boot's own classes through it (health: no reply at all)
                th.setContextClassLoader(application);
                return th;
            });
            s.setExecutor(threads);
            s.start();
            server = s;
            log.info("Actuator on {}", url().orElse("?"));
        } catch (IOException | RuntimeException e) {
            log.warn("Actuator not started on 127.0.0.1:{}: {}", properties.actuatorPort(), e.toString());
        }
    }

    private Endpoints endpoints() {
        Endpoints e = endpoints;
        if (e == null) {
            synchronized (this) {
                e = endpoints;
                if (e == null) {
                    e = new Endpoints(healthProvider.getObject(), infoProvider.getObject(), metricsProvider.getObject(),
                            Optional.ofNullable(prometheusProvider.getIfAvailable()));
                    endpoints = e;
                }
            }
        }
        return e;
    }

    /** http://127.0.0.1:PORT/actuator once it listens. */
    public Optional<String> url() {
        HttpServer s = server;
        return s == null ? Optional.empty()
                : Optional.of("http://127.0.0.1:" + s.getAddress().getPort() + BASE);
    }

    /** The token file, once Actuator serves. */
    public Optional<Path> tokenFile() {
        ActuatorToken t = token;
        return server == null || t == null ? Optional.empty() : Optional.of(t.file());
    }

    @Override
    public void close() {
        HttpServer s = server;
        if (s != null) {
            s.stop(0);
            threads.shutdownNow();
        }
    }

    /** The endpoints exposure and access let through, of the four served here. */
    static Set<String> exposedEndpoints(Binder binder) {
        List<String> include = binder.bind("management.endpoints.web.exposure.include", Bindable.listOf(String.class))
                .orElse(List.of("health"));
        List<String> exclude = binder.bind("management.endpoints.web.exposure.exclude", Bindable.listOf(String.class))
                .orElse(List.of());
        Set<String> out = new LinkedHashSet<>();
        for (String id : ENDPOINTS) {
            boolean included = include.contains("*") || include.contains(id);
            boolean excluded = exclude.contains("*") || exclude.contains(id);
            String access = binder.bind("management.endpoint." + id + ".access", String.class).orElse("");
            if (included && !excluded && !access.equalsIgnoreCase("none")) {
                out.add(id);
            }
        }
        return Set.copyOf(out);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!exchange.getRequestMethod().equals("GET")) {
                send(exchange, 405, "application/json", json.writeValueAsBytes(Map.of("error", "GET only")));
                return;
            }
            URI uri = exchange.getRequestURI();
            String path = uri.getPath().replaceAll("/+$", "");
            List<String> parts = path.length() <= BASE.length() ? List.of()
                    : List.of(path.substring(BASE.length() + 1).split("/"));
            boolean owner = token.admits(exchange.getRequestHeaders().getFirst("Authorization"));
            Response r;
            if (!parts.isEmpty() && !exposed.contains(parts.get(0))) {
                r = notFound();
            } else if (owner) {
                r = route(parts, query(uri.getRawQuery()), exchange.getRequestHeaders().getFirst("Accept"));
            } else if (parts.size() == 1 && parts.get(0).equals("health")) {
                // anyone may ask whether it is up; the details (paths, counts) are the owner's
                Status status = daemonStatus(endpoints().health().health());
                r = new Response(httpStatus(status), "application/json",
                        json.writeValueAsBytes(Map.of("status", status.getCode())));
            } else {
                exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"zccache\"");
                r = new Response(401, "application/json", json.writeValueAsBytes(Map.of("error",
                        "Actuator is the owner's: send Authorization: Bearer <token> from " + token.file())));
            }
            send(exchange, r.status(), r.contentType(), r.body());
        } catch (RuntimeException e) {
            log.warn("actuator request {} failed", exchange.getRequestURI(), e);
            send(exchange, 500, "application/json", json.writeValueAsBytes(Map.of("error", e.toString())));
        }
    }

    private record Response(int status, String contentType, byte[] body) {
    }

    /**
     * The daemon's status: its components' but the remote's, which health shows on its own. A
     * build never needs the remote (a down one is a miss), so a down remote is no down daemon.
     */
    static Status daemonStatus(HealthDescriptor d) {
        if (d instanceof CompositeHealthDescriptor c && c.getComponents() != null
                && c.getComponents().containsKey(REMOTE_COMPONENT)) {
            java.util.Set<Status> others = new java.util.HashSet<>();
            c.getComponents().forEach((name, h) -> {
                if (!name.equals(REMOTE_COMPONENT)) {
                    others.add(h.getStatus());
                }
            });
            return StatusAggregator.getDefault().getAggregateStatus(others);
        }
        return d.getStatus();
    }

    private Response route(List<String> parts, Map<String, List<String>> query, String accept) {
        if (parts.isEmpty()) {
            Map<String, Object> links = new LinkedHashMap<>();
            String self = url().orElse(BASE);
            links.put("self", Map.of("href", self));
            for (String name : exposed) {
                links.put(name, Map.of("href", self + "/" + name));
            }
            return ok(Map.of("_links", links));
        }
        Endpoints e = endpoints();
        switch (parts.get(0)) {
            case "health": {
                if (parts.size() == 1) {
                    HealthDescriptor d = e.health().health();
                    Status status = daemonStatus(d);
                    tools.jackson.databind.node.ObjectNode body = json.valueToTree(d);
                    body.put("status", status.getCode());
                    return new Response(httpStatus(status), "application/json", json.writeValueAsBytes(body));
                }
                HealthDescriptor d = e.health().healthForPath(parts.subList(1, parts.size()).toArray(String[]::new));
                if (d == null) {
                    return notFound();
                }
                return new Response(httpStatus(d.getStatus()), "application/json", json.writeValueAsBytes(d));
            }
            case "info":
                return ok(e.info().info());
            case "metrics": {
                if (parts.size() == 1) {
                    return ok(e.metrics().listNames());
                }
                Object m = e.metrics().metric(parts.get(1), query.getOrDefault("tag", List.of()));
                return m == null ? notFound() : ok(m);
            }
            case "prometheus": {
                if (e.prometheus().isEmpty()) {
                    return notFound();
                }
                PrometheusOutputFormat format = accept != null && accept.contains("openmetrics")
                        ? PrometheusOutputFormat.CONTENT_TYPE_OPENMETRICS_100 : PrometheusOutputFormat.CONTENT_TYPE_004;
                Set<String> names = query.containsKey("includedNames") ? Set.copyOf(query.get("includedNames")) : null;
                WebEndpointResponse<byte[]> scraped = e.prometheus().get().scrape(format, names);
                return new Response(scraped.getStatus(), format.getProducedMimeType().toString(), scraped.getBody());
            }
            default:
                return notFound();
        }
    }

    private static int httpStatus(Status status) {
        return Status.DOWN.equals(status) || Status.OUT_OF_SERVICE.equals(status) ? 503 : 200;
    }

    private Response ok(Object body) {
        return new Response(200, "application/json", json.writeValueAsBytes(body));
    }

    private Response notFound() {
        return new Response(404, "application/json", json.writeValueAsBytes(Map.of("error", "not found")));
    }

    private static Map<String, List<String>> query(String raw) {
        Map<String, List<String>> q = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return q;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            q.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
        }
        return q;
    }

    private static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, body == null || body.length == 0 ? -1 : body.length);
        if (body != null && body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
