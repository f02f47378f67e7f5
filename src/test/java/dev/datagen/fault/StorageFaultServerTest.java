package dev.datagen.fault;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.datagen.support.Fixtures;
import dev.datagen.support.Http;
import dev.datagen.support.TestServer;
import tools.jackson.databind.JsonNode;

/**
 * The storage directory on a small file system of its own (a tmpfs, mounted by the test as root) that
 * fills up: registrations are refused with a clear problem, health goes DOWN, what
 * was registered keeps being served, and once the disk is back everything works again, unchanged.
 */
class StorageFaultServerTest {

    Path mount;

    @AfterEach
    void unmount() throws Exception {
        if (mount != null) {
            run("umount", "-l", mount.toString());
        }
    }

    @Test
    void aFullDiskRefusesWithAClearProblemAndEverythingRecoversUnchanged() throws Exception {
        Path mnist = Fixtures.mnist(300, 100);
        mount = Files.createTempDirectory(Fixtures.root(), "small-disk");
        run("mount", "-t", "tmpfs", "-o", "size=48m", "tmpfs", mount.toString());
        try (TestServer server = TestServer.start(mount.resolve("storage"), List.of(Fixtures.root()),
                "datagen.health.min-free-space=8MB")) {
            Http http = server.http();
            assertThat(http.multipart("/api/datasets", form("before", mnist)).statusCode()).isEqualTo(201);
            String id = Http.json(http.postJson("/api/datasets/before/generators",
                    "{\"split\": \"train\", \"batchSize\": 50, \"seed\": 3}")).get("id").asString();
            byte[] batch = http.get("/api/generators/" + id + "/epochs/0/batches/1", "application/x-npz").body();
            String registry = Http.text(http.get("/api/datasets", "application/json"));
            assertThat(http.get("/actuator/health", "application/json").statusCode()).isEqualTo(200);

            Path filler = mount.resolve("filler");
            run("dd", "if=/dev/zero", "of=" + filler, "bs=1M", "count=64");
            assertRefusedAndStillServing(http, id, batch);
            Files.delete(filler);
            assertRecovered(http, registry, "after-disk-full");
            assertThat(http.get("/api/generators/" + id + "/epochs/0/batches/1", "application/x-npz").body()).isEqualTo(batch);
        }
    }

    private static void assertRefusedAndStillServing(Http http, String id, byte[] batch) {
        HttpResponse<byte[]> health = http.get("/actuator/health", "application/json");
        assertThat(health.statusCode()).isEqualTo(503);
        assertThat(Http.json(health).at("/components/storage/status").asString()).isEqualTo("DOWN");
        HttpResponse<byte[]> refused = http.multipart("/api/datasets", form("refused", Fixtures.mnist(300, 100)));
        assertThat(refused.statusCode()).as(Http.text(refused)).isEqualTo(503);
        assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = Http.json(refused);
        assertThat(problem.get("type").asString()).isEqualTo("/problems/storage-unavailable");
        assertThat(Http.text(refused)).doesNotContain("Exception").doesNotContain("dev.datagen");
        // reads go on (H2 closed itself on the failed write; the pool reopened it), and the batch is the same
        // even though the decoded-sample cache cannot be written
        HttpResponse<byte[]> served = http.get("/api/generators/" + id + "/epochs/0/batches/1", "application/x-npz");
        assertThat(served.statusCode()).as(Http.text(served)).isEqualTo(200);
        assertThat(served.body()).isEqualTo(batch);
    }

    private static void assertRecovered(Http http, String registryBefore, String name) {
        assertThat(Http.text(http.get("/api/datasets", "application/json"))).isEqualTo(registryBefore);
        assertThat(http.get("/actuator/health", "application/json").statusCode()).isEqualTo(200);
        HttpResponse<byte[]> again = http.multipart("/api/datasets", form(name, Fixtures.mnist(300, 100)));
        assertThat(again.statusCode()).as(Http.text(again)).isEqualTo(201);
    }

    private static Map<String, Object> form(String name, Path mnist) {
        Map<String, Object> form = new LinkedHashMap<>();
        form.put("name", name);
        form.put("baseDir", mnist.toString());
        form.put("train-data", mnist.resolve("train-data.txt"));
        form.put("train-label", mnist.resolve("train-label.txt"));
        return form;
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            if (command[0].equals("dd") && out.contains("No space left")) {
                return; // the point: the disk is now full
            }
            throw new IllegalStateException(String.join(" ", command) + " failed (this test needs root): " + out);
        }
    }
}
