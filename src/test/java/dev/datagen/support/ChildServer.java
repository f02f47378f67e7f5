package dev.datagen.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.datagen.DatagenApplication;

/**
 * The service in a separate JVM (the test's own classpath), for what an in-process server cannot show:
 * being killed with SIGKILL, resident memory, file handles.
 */
public final class ChildServer implements AutoCloseable {

    private final Process process;
    private final Http http;
    private final Path log;

    private ChildServer(Process process, int port, Path log) {
        this.process = process;
        this.http = new Http(port);
        this.log = log;
        // a test JVM that ends before close() (a build interrupted) leaves no service behind
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly, "child-server-kill-at-exit"));
    }

    public static ChildServer start(Path storage, List<Path> roots, List<String> jvmArgs, String... properties) {
        return startOn(storage, roots.stream().map(Path::toString).toList(), jvmArgs, properties);
    }

    /** Starts with data roots given as text: folders or {@code s3://bucket/prefix} prefixes. */
    public static ChildServer startOn(Path storage, List<String> roots, List<String> jvmArgs, String... properties) {
        int port = Ports.free();
        Path log = storage.resolveSibling(storage.getFileName() + "-" + port + ".log");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmArgs);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), DatagenApplication.class.getName(),
                "--server.port=" + port, "--datagen.storage-dir=" + storage,
                "--datagen.data-roots=" + String.join(",", roots)));
        for (String p : properties) {
            command.add("--" + p);
        }
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            ChildServer child = new ChildServer(process, port, log);
            child.awaitHealthy(Duration.ofMinutes(4));
            return child;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitHealthy(Duration timeout) {
        HttpClient client = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the service exited with " + process.exitValue() + "; see " + log);
            }
            try {
                HttpResponse<Void> r = client.send(HttpRequest.newBuilder(URI.create(http.base() + "/actuator/health"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            Ports.pause(250);
        }
        throw new IllegalStateException("the service did not become healthy; see " + log);
    }

    public Http http() {
        return http;
    }

    /** What the service has logged so far. */
    public String log() {
        try {
            return java.nio.file.Files.readString(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public long pid() {
        return process.pid();
    }

    /** SIGKILL: no shutdown hooks, no flushing, like a power cut for the process. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                    kill();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

}
