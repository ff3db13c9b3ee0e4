package dev.zccache.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real servers a shared cache runs on, started by the tests on loopback: Debian's
 * redis-server (alone or as a three-node cluster) and nginx with a WebDAV location. Each lives in
 * its own directory and is killed when closed.
 */
final class LoopbackServers {

    private LoopbackServers() {
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static Process start(Path dir, List<String> cmd) throws IOException {
        return new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("server.log").toFile()).start();
    }

    /** One redis-server, no persistence. */
    static final class Redis implements AutoCloseable {
        final int port;
        final Path dir;
        private final String password;
        private Process process;

        Redis(Path dir, String password, String... extra) throws IOException {
            this(dir, freePort(), password, extra);
        }

        Redis(Path dir, int port, String password, String... extra) throws IOException {
            this.dir = Files.createDirectories(dir);
            this.port = port;
            this.password = password;
            List<String> cmd = new ArrayList<>(List.of("redis-server", "--port", String.valueOf(port), "--bind",
                    "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir.toString()));
            if (password != null) {
                cmd.addAll(List.of("--requirepass", password));
            }
            cmd.addAll(List.of(extra));
            process = start(dir, cmd);
            Zccache.await("redis-server on " + port, Duration.ofSeconds(20), () -> cli("PING").contains("PONG"));
        }

        Redis(Path dir) throws IOException {
            this(dir, null);
        }

        String url() {
            return "redis://127.0.0.1:" + port;
        }

        /** redis-cli's answer (raw), or "" when it could not ask. */
        String cli(String... args) {
            List<String> cmd = new ArrayList<>(List.of("redis-cli", "-p", String.valueOf(port), "--raw"));
            if (password != null) {
                cmd.addAll(List.of("--no-auth-warning", "-a", password));
            }
            cmd.addAll(List.of(args));
            Zccache.Result r = Zccache.exec(dir, Map.of("PATH", System.getenv("PATH")), cmd);
            return r.exit() == 0 ? r.out() : "";
        }

        List<String> keys(String pattern) {
            return cli("--scan", "--pattern", pattern).lines().filter(l -> !l.isBlank()).toList();
        }

        void kill() {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void close() {
            kill();
        }
    }

    /** Three redis-server nodes joined into a cluster (no replicas). */
    static final class RedisCluster implements AutoCloseable {
        final List<Redis> nodes = new ArrayList<>();

        RedisCluster(Path dir) throws IOException {
            for (int i = 0; i < 3; i++) {
                Path d = dir.resolve("node" + i);
                nodes.add(new Redis(d, null, "--cluster-enabled", "yes", "--cluster-config-file",
                        d.resolve("nodes.conf").toString(), "--cluster-node-timeout", "5000"));
            }
            List<String> create = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
            nodes.forEach(n -> create.add("127.0.0.1:" + n.port));
            create.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
            Zccache.Result r = Zccache.exec(dir, Map.of("PATH", System.getenv("PATH")), create);
            assertThat(r.exit()).as(r.out() + r.err()).isZero();
            Zccache.await("the cluster", Duration.ofSeconds(30),
                    () -> nodes.stream().allMatch(n -> n.cli("CLUSTER", "INFO").contains("cluster_state:ok")));
        }

        String url() {
            return "redis+cluster://127.0.0.1:" + nodes.get(0).port + ",127.0.0.1:" + nodes.get(1).port;
        }

        long keys() {
            return nodes.stream().mapToLong(n -> Long.parseLong(n.cli("DBSIZE").strip())).sum();
        }

        @Override
        public void close() {
            nodes.forEach(Redis::close);
        }
    }

    /** nginx serving a WebDAV location /cache/ (PUT creates directories) from a directory. */
    static final class Nginx implements AutoCloseable {
        final int port;
        final Path root;
        private final Process process;

        Nginx(Path dir) throws IOException {
            Files.createDirectories(dir);
            this.root = Files.createDirectories(dir.resolve("www/cache"));
            this.port = freePort();
            Path conf = dir.resolve("nginx.conf");
            Files.writeString(conf, "daemon off;\nmaster_process off;\npid " + dir.resolve("nginx.pid") + ";\n"
                    + "error_log " + dir.resolve("error.log") + ";\nevents { worker_connections 256; }\n"
                    + "http {\n  access_log " + dir.resolve("access.log") + ";\n"
                    + "  client_body_temp_path " + dir.resolve("body") + ";\n"
                    + "  proxy_temp_path " + dir.resolve("proxy") + ";\n"
                    + "  fastcgi_temp_path " + dir.resolve("fastcgi") + ";\n"
                    + "  uwsgi_temp_path " + dir.resolve("uwsgi") + ";\n"
                    + "  scgi_temp_path " + dir.resolve("scgi") + ";\n"
                    + "  server {\n    listen 127.0.0.1:" + port + ";\n"
                    + "    location /cache/ {\n      root " + dir.resolve("www") + ";\n"
                    + "      dav_methods PUT;\n      create_full_put_path on;\n      dav_access user:rw;\n"
                    + "      client_max_body_size 0;\n    }\n  }\n}\n");
            String nginx = Files.isExecutable(Path.of("/usr/sbin/nginx")) ? "/usr/sbin/nginx" : "nginx";
            process = start(dir, List.of(nginx, "-p", dir.toString(), "-c", conf.toString()));
            Zccache.await("nginx on " + port, Duration.ofSeconds(20), () -> {
                try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
                    return true;
                } catch (IOException e) {
                    return false;
                }
            });
        }

        String url() {
            return "http://127.0.0.1:" + port + "/cache";
        }

        @Override
        public void close() {
            process.destroyForcibly();
        }
    }

    /** A port that accepts connections and never answers (a black-holed remote). */
    static final class BlackHole implements AutoCloseable {
        final ServerSocket socket;
        private final List<java.net.Socket> held = java.util.Collections.synchronizedList(new ArrayList<>());
        private final Thread acceptor;

        BlackHole() throws IOException {
            socket = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
            acceptor = new Thread(() -> {
                while (!socket.isClosed()) {
                    try {
                        held.add(socket.accept());
                    } catch (IOException e) {
                        return;
                    }
                }
            }, "black-hole");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return socket.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            socket.close();
            for (java.net.Socket s : held) {
                s.close();
            }
        }
    }
}
