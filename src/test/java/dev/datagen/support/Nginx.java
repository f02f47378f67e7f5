package dev.datagen.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A private nginx (Debian's {@code nginx-light}, which .ci/run installs) running the shipped
 * {@code docs/nginx/datagen.conf} in front of replicas on loopback. Only three things of the shipped file
 * change: its replica lines become one per given port (keeping their parameters), its {@code listen} a free
 * loopback port, and its log folder this instance's own. A test-only main configuration around it keeps
 * every file nginx writes in that folder.
 */
public final class Nginx implements AutoCloseable {

    /** The configuration the project ships (relative to the repository root, where tests run). */
    public static final Path SHIPPED = Path.of("docs", "nginx", "datagen.conf");

    private static final Pattern REPLICA = Pattern.compile("(?m)^([ \\t]*)server[ \\t]+\\S+:\\d+([^;\\n]*);[ \\t]*\\n");
    private static final Pattern LISTEN = Pattern.compile("(?m)^([ \\t]*)listen[ \\t]+[^;\\n]+;");
    private static final String LOGS = "/var/log/nginx/";
    private static final Pattern LOGGED = Pattern.compile("^\\S+ \\[[^]]+] \"(\\S+) (\\S+) [^\"]*\" (\\d+) (\\d+) "
            + "key=\"([^\"]*)\" upstream=\"([^\"]*)\" upstream_status=\"[^\"]*\" request_time=(\\d+)\\.(\\d{3}) "
            + "upstream_time=\"[^\"]*\" msec=(\\d+)\\.(\\d{3})$");

    /**
     * One request in the access log (the shipped {@code datagen_upstream} format): the body bytes sent to the
     * client, its routing key, the replicas tried, in order ({@code host:port}; more than one when nginx failed
     * over), when it began ({@code msec - request_time}: nginx's clock when the request's first bytes were read,
     * in Unix ms; before the request went to any replica) and when it ended ({@code msec}).
     */
    public record Request(String method, String uri, int status, long bytes, String key, List<String> upstreams,
            long startMillis, long endMillis) {

        /** The replica that answered (the last one tried). */
        public String replica() {
            return upstreams.get(upstreams.size() - 1);
        }
    }

    private final Process process;
    private final Path dir;
    private final int port;
    private final Http http;
    private final Thread stopAtExit;

    private Nginx(Process process, Path dir, int port) {
        this.process = process;
        this.dir = dir;
        this.port = port;
        this.http = new Http(port);
        this.stopAtExit = new Thread(this::stop, "nginx-stop-at-exit");
        Runtime.getRuntime().addShutdownHook(stopAtExit);
    }

    /** nginx in {@code dir} with {@code shipped} in front of replicas listening on 127.0.0.1 at {@code replicaPorts}. */
    public static Nginx start(Path shipped, Path dir, List<Integer> replicaPorts) {
        int port = Ports.free();
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("datagen.conf"), render(Files.readString(shipped), replicaPorts, port, dir));
            Files.writeString(dir.resolve("nginx.conf"), main(dir));
            Process process = new ProcessBuilder(binary(), "-p", dir + "/", "-c", dir.resolve("nginx.conf").toString(),
                    "-e", dir.resolve("error.log").toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("nginx.out").toFile()).start();
            Nginx nginx = new Nginx(process, dir, port);
            nginx.awaitListening();
            return nginx;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The shipped configuration with these replicas, this port and logs in {@code dir}. */
    static String render(String shipped, List<Integer> replicaPorts, int port, Path dir) {
        Matcher replicas = REPLICA.matcher(shipped);
        StringBuilder out = new StringBuilder();
        boolean first = true;
        while (replicas.find()) {
            StringBuilder lines = new StringBuilder();
            if (first) {
                for (int p : replicaPorts) {
                    lines.append(replicas.group(1)).append("server 127.0.0.1:").append(p).append(replicas.group(2))
                            .append(";\n");
                }
            }
            replicas.appendReplacement(out, Matcher.quoteReplacement(lines.toString()));
            first = false;
        }
        replicas.appendTail(out);
        if (first) {
            throw new IllegalStateException("no replica line (server HOST:PORT ...;) in the shipped nginx configuration");
        }
        Matcher listen = LISTEN.matcher(out);
        if (!listen.find()) {
            throw new IllegalStateException("no listen line in the shipped nginx configuration");
        }
        String rendered = listen.replaceFirst(Matcher.quoteReplacement(listen.group(1) + "listen 127.0.0.1:" + port + ";"));
        if (!rendered.contains(LOGS)) {
            throw new IllegalStateException("the shipped nginx configuration logs no longer under " + LOGS);
        }
        return rendered.replace(LOGS, dir.toAbsolutePath() + "/");
    }

    /** The test-only main configuration: everything nginx writes stays in {@code dir}. */
    private static String main(Path dir) {
        String d = dir.toAbsolutePath().toString();
        // Workers run as the configured user only when the master is root; then they must be able to write
        // the temporary folders made here, by this (root) process.
        String user = "root".equals(System.getProperty("user.name")) ? "user root;\n" : "";
        return user + """
                daemon off;
                worker_processes 1;
                pid %1$s/nginx.pid;
                error_log %1$s/error.log warn;
                events { worker_connections 512; }
                http {
                    client_body_temp_path %1$s/client_body;
                    proxy_temp_path %1$s/proxy;
                    fastcgi_temp_path %1$s/fastcgi;
                    uwsgi_temp_path %1$s/uwsgi;
                    scgi_temp_path %1$s/scgi;
                    include %1$s/datagen.conf;
                }
                """.formatted(d);
    }

    private static String binary() {
        for (String candidate : List.of("/usr/sbin/nginx", "/usr/local/sbin/nginx")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        return "nginx";
    }

    private void awaitListening() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("nginx exited with " + process.exitValue() + " (bash .ci/run installs "
                        + "nginx-light):\n" + read(dir.resolve("nginx.out")) + read(dir.resolve("error.log")));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return;
            } catch (IOException e) {
                Ports.pause(100);
            }
        }
        throw new IllegalStateException("nginx is not listening on " + port + ":\n" + read(dir.resolve("error.log")));
    }

    public Http http() {
        return http;
    }

    public int port() {
        return port;
    }

    /** The requests of the access log so far, in the order nginx finished them. */
    public List<Request> requests() {
        List<Request> requests = new ArrayList<>();
        for (String line : read(dir.resolve("datagen.access.log")).lines().toList()) {
            Matcher m = LOGGED.matcher(line);
            if (!m.matches()) {
                throw new AssertionError("not an access log line of the datagen_upstream format: " + line);
            }
            long took = Long.parseLong(m.group(7)) * 1000 + Long.parseLong(m.group(8));
            long ended = Long.parseLong(m.group(9)) * 1000 + Long.parseLong(m.group(10));
            requests.add(new Request(m.group(1), m.group(2), Integer.parseInt(m.group(3)), Long.parseLong(m.group(4)),
                    m.group(5), List.of(m.group(6).split(", ")), ended - took, ended));
        }
        return requests;
    }

    /** nginx's error log for this server (connections refused, upstreams that closed early, ...). */
    public String errorLog() {
        return read(dir.resolve("datagen.error.log"));
    }

    @Override
    public void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(stopAtExit);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down: the hook runs anyway
        }
    }

    /** SIGTERM: the master stops its workers; SIGKILL for both when that takes too long. */
    private void stop() {
        List<ProcessHandle> workers = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                workers.forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

}
