package dev.zccache.store.remote;

import io.lettuce.core.RedisURI;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Makes the backend a {@code ZCCACHE_REMOTE} URL names:
 * <ul>
 * <li>{@code redis://[user:password@]host[:port][/db]}, {@code rediss://…} (TLS);
 * <li>{@code redis+cluster://[user:password@]host:port,host:port,…} (any nodes of a cluster);
 * <li>{@code http://[user:password@]host[:port]/prefix}, {@code https://…}.
 * </ul>
 * The description it keeps has the password replaced by {@code ***}.
 */
public final class RemoteBackends {

    private RemoteBackends() {
    }

    /**
     * @param authFile for HTTP: a file holding {@code user:password} (basic) or a token (bearer)
     */
    public static RemoteBackend open(String url, Duration readTimeout, Duration writeTimeout, Duration ttl,
            Optional<Path> authFile) throws IOException {
        String scheme = url.contains("://") ? url.substring(0, url.indexOf("://")).toLowerCase() : "";
        String description = redact(url);
        return switch (scheme) {
            case "redis", "rediss" -> RedisBackend.standalone(RedisURI.create(url), description, readTimeout,
                    writeTimeout, ttl);
            case "redis+cluster", "rediss+cluster" -> RedisBackend.cluster(clusterSeeds(url), description,
                    readTimeout, writeTimeout, ttl);
            case "http", "https" -> http(url, description, readTimeout, writeTimeout, authFile);
            default -> throw new IllegalArgumentException("zccache.remote: unknown scheme in " + description
                    + " (redis://, rediss://, redis+cluster://, http://, https://)");
        };
    }

    private static HttpBackend http(String url, String description, Duration readTimeout, Duration writeTimeout,
            Optional<Path> authFile) throws IOException {
        URI u;
        try {
            u = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("zccache.remote: not a URL: " + description);
        }
        Optional<String> auth = Optional.empty();
        if (u.getRawUserInfo() != null) {
            auth = Optional.of(basic(u.getUserInfo()));
        }
        if (authFile.isPresent()) {
            String secret = Files.readString(authFile.get(), StandardCharsets.UTF_8).strip();
            auth = Optional.of(secret.contains(":") ? basic(secret) : "Bearer " + secret);
        }
        String base = u.getScheme() + "://" + u.getHost() + (u.getPort() >= 0 ? ":" + u.getPort() : "")
                + (u.getRawPath() == null ? "" : u.getRawPath().replaceAll("/+$", ""));
        return new HttpBackend(base, description, auth, readTimeout, writeTimeout);
    }

    private static String basic(String userPassword) {
        return "Basic " + Base64.getEncoder().encodeToString(userPassword.getBytes(StandardCharsets.UTF_8));
    }

    private static List<RedisURI> clusterSeeds(String url) {
        String rest = url.substring(url.indexOf("://") + 3);
        String tls = url.startsWith("rediss") ? "rediss://" : "redis://";
        String userInfo = "";
        int at = rest.lastIndexOf('@');
        if (at >= 0) {
            userInfo = rest.substring(0, at + 1);
            rest = rest.substring(at + 1);
        }
        int slash = rest.indexOf('/');
        if (slash >= 0) {
            rest = rest.substring(0, slash); // a cluster has one database
        }
        List<RedisURI> seeds = new ArrayList<>();
        for (String node : rest.split(",")) {
            if (!node.isBlank()) {
                seeds.add(RedisURI.create(tls + userInfo + node.strip()));
            }
        }
        if (seeds.isEmpty()) {
            throw new IllegalArgumentException("zccache.remote: no cluster node in " + redact(url));
        }
        return seeds;
    }

    /** The URL with any password replaced by {@code ***} (also a user name alone, which may be a token). */
    public static String redact(String url) {
        int scheme = url.indexOf("://");
        if (scheme < 0) {
            return url;
        }
        int hostStart = scheme + 3;
        int end = url.indexOf('/', hostStart);
        String authority = end < 0 ? url.substring(hostStart) : url.substring(hostStart, end);
        int at = authority.lastIndexOf('@');
        if (at < 0) {
            return url;
        }
        return url.substring(0, hostStart) + "***@" + authority.substring(at + 1) + (end < 0 ? "" : url.substring(end));
    }
}
