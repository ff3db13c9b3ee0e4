package dev.zccache.store.remote;

import dev.zccache.hash.Sha256;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * An HTTP cache: GET and PUT of whole objects under a prefix, in bazel-remote's layout so the
 * same server serves both: blobs as their raw bytes under {@code <prefix>/cas/<sha256>},
 * manifests (with their results) sealed under {@code <prefix>/ac/<sha256 of kind and key>}. An nginx WebDAV
 * location ({@code dav_methods PUT; create_full_put_path on;}) serves it as it is; bazel-remote
 * needs {@code --disable_http_ac_validation} (its {@code /ac/} expects Bazel's own records).
 */
final class HttpBackend implements RemoteBackend {

    private final HttpClient client;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "zccache-remote-http");
        t.setDaemon(true);
        return t;
    });
    private final String base;
    private final String description;
    private final Optional<String> authorization;
    private final Duration readTimeout;
    private final Duration writeTimeout;

    /**
     * @param base the URL without credentials and without a trailing slash
     * @param authorization the Authorization header's value, if any (never logged)
     */
    HttpBackend(String base, String description, Optional<String> authorization, Duration readTimeout,
            Duration writeTimeout) {
        this.base = base;
        this.description = description;
        this.authorization = authorization;
        this.readTimeout = readTimeout;
        this.writeTimeout = writeTimeout;
        this.client = HttpClient.newBuilder().connectTimeout(writeTimeout).version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER).executor(executor).build();
    }

    @Override
    public Optional<byte[]> get(Kind kind, String key) throws IOException {
        HttpResponse<byte[]> r = send(request(kind, key, readTimeout).GET(), readTimeout);
        if (r.statusCode() == 404) {
            return Optional.empty();
        }
        if (r.statusCode() != 200) {
            throw new IOException(description + ": GET answered " + r.statusCode());
        }
        return Optional.of(r.body());
    }

    @Override
    public void put(Kind kind, String key, byte[] value) throws IOException {
        HttpResponse<byte[]> r = send(request(kind, key, writeTimeout)
                .header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(value)), writeTimeout);
        if (r.statusCode() / 100 != 2) {
            throw new IOException(description + ": PUT answered " + r.statusCode());
        }
    }

    @Override
    public boolean rawBlobs() {
        return true;
    }

    private HttpRequest.Builder request(Kind kind, String key, Duration timeout) {
        String path = kind == Kind.BLOB ? "/cas/" + key
                : "/ac/" + Sha256.hex(Sha256.of((kind.letter + ":" + key)
                        .getBytes(StandardCharsets.US_ASCII)));
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout);
        authorization.ifPresent(a -> b.header("Authorization", a));
        return b;
    }

    private HttpResponse<byte[]> send(HttpRequest.Builder request, Duration timeout) throws IOException {
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpTimeoutException e) {
            throw RemoteTimeoutException.noAnswer(description, timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(description + ": interrupted");
        }
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
