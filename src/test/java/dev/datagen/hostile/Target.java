package dev.datagen.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.datagen.support.ChildServer;
import dev.datagen.support.Http;
import dev.datagen.support.Proc;
import dev.datagen.support.TestServer;

/**
 * A running service the corpus is sent to, with one good dataset ({@code kept}) and generator registered
 * up front and the bytes of one of its batches, to show afterwards that nothing changed.
 */
final class Target implements AutoCloseable {

    static final String KEPT = "kept";

    private final String label;
    private final AutoCloseable server;
    private final Http http;
    private final Long pid;
    private String generatorId;
    private byte[] batch;

    private Target(String label, AutoCloseable server, Http http, Long pid) {
        this.label = label;
        this.server = server;
        this.http = http;
        this.pid = pid;
    }

    static Target inProcess(String label, Path storage, List<Path> roots, String... properties) {
        TestServer s = TestServer.start(storage, roots, properties);
        return new Target(label, s, s.http(), null);
    }

    static Target child(String label, Path storage, List<Path> roots, List<String> jvmArgs, String... properties) {
        ChildServer s = ChildServer.start(storage, roots, jvmArgs, properties);
        return new Target(label, s, s.http(), s.pid());
    }

    String label() {
        return label;
    }

    String base() {
        return http.base();
    }

    Http http() {
        return http;
    }

    String generatorId() {
        return generatorId;
    }

    /** Registers {@code kept} (20 MNIST digits) and a generator, and keeps one batch's bytes. */
    Target withGoodDataset(Path mnist) {
        try {
            Path dir = Files.createDirectories(mnist.resolveSibling("hostile-kept-lists"));
            Path data = Files.write(dir.resolve("train-data.txt"),
                    Files.readAllLines(mnist.resolve("train-data.txt")).subList(0, 20));
            Path labels = Files.write(dir.resolve("train-label.txt"),
                    Files.readAllLines(mnist.resolve("train-label.txt")).subList(0, 20));
            Map<String, Object> form = new LinkedHashMap<>();
            form.put("name", KEPT);
            form.put("baseDir", mnist.toString());
            form.put("train-data", data);
            form.put("train-label", labels);
            HttpResponse<byte[]> r = http.multipart("/api/datasets", form);
            assertThat(r.statusCode()).as(Http.text(r)).isEqualTo(201);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        HttpResponse<byte[]> g = http.postJson("/api/datasets/" + KEPT + "/generators",
                "{\"split\": \"train\", \"batchSize\": 8, \"seed\": 7, \"augment\": {\"rotationRange\": 10}}");
        assertThat(g.statusCode()).as(Http.text(g)).isEqualTo(201);
        generatorId = Http.json(g).get("id").asString();
        batch = fetchBatch();
        return this;
    }

    byte[] fetchBatch() {
        HttpResponse<byte[]> r = http.get("/api/generators/" + generatorId + "/epochs/1/batches/2", "application/x-npz");
        return r.statusCode() == 200 ? r.body() : new byte[0];
    }

    byte[] batch() {
        return batch;
    }

    int healthStatus() {
        return http.get("/actuator/health", "application/json").statusCode();
    }

    /** The registry as clients see it: both listings, byte for byte. */
    String registry() {
        return Http.text(http.get("/api/datasets", "application/json")) + "\n"
                + Http.text(http.get("/api/generators", "application/json"));
    }

    /** Deletes datasets a failed case may have registered, so later cases start from the same registry. */
    void deleteAllBut(String dataset) {
        Http.json(http.get("/api/datasets", "application/json")).forEach(d -> {
            String n = d.get("name").asString();
            if (!n.equals(dataset)) {
                http.delete("/api/datasets/" + n);
            }
        });
    }

    boolean measuresMemory() {
        return pid != null;
    }

    /** Resets the kernel's peak-RSS mark of the child (clear_refs 5), so VmHWM shows this case's peak. */
    void resetPeakRss() {
        try {
            Files.writeString(Path.of("/proc", String.valueOf(pid), "clear_refs"), "5");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    long statusKb(String field) {
        return Proc.status(pid, field);
    }

    @Override
    public void close() throws Exception {
        server.close();
    }
}
