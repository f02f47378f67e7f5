package dev.datagen.fault;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.datagen.support.Fixtures;
import dev.datagen.support.Http;
import dev.datagen.support.TestServer;
import tools.jackson.databind.JsonNode;

/**
 * A registered image replaced by a named pipe: opening it for reading blocks until a writer comes, and it
 * once stalled both image workers and so every batch of every dataset. Now that sample is refused at once
 * (or skipped), and the other datasets are served all along, prefetch included.
 */
class SpecialFileServerTest {

    @Test
    void aNamedPipeInOneDatasetNeitherHangsItsBatchNorStallsTheOthers() throws Exception {
        Path mnist = Fixtures.mnist(300, 100);
        Path fragile = copyOf(mnist, 40, "pipes");
        Path healthy = copyOf(mnist, 200, "healthy");
        try (TestServer server = TestServer.start(fragile.resolve("storage"), List.of(Fixtures.root()))) {
            Http http = server.http();
            register(http, "fragile", fragile);
            register(http, "healthy", healthy);
            String fail = create(http, "fragile", "{\"split\": \"train\", \"batchSize\": 10, \"shuffle\": false}");
            String skip = create(http, "fragile",
                    "{\"split\": \"train\", \"batchSize\": 10, \"shuffle\": false, \"onError\": \"skip\"}");
            String other = create(http, "healthy", "{\"split\": \"train\", \"batchSize\": 20, \"seed\": 5}");

            Files.delete(fragile.resolve("00003.png"));
            Process mk = new ProcessBuilder("mkfifo", fragile.resolve("00003.png").toString()).start();
            assertThat(mk.waitFor()).isZero();

            // the pipe's batch and the sample view are refused quickly, while another dataset's whole epoch
            // is read at the same time
            CompletableFuture<List<Integer>> otherEpoch = CompletableFuture.supplyAsync(() -> {
                List<Integer> statuses = new ArrayList<>();
                for (int i = 0; i < 10; i++) {
                    statuses.add(http.get("/api/generators/" + other + "/epochs/0/batches/" + i, "application/x-npz")
                            .statusCode());
                }
                return statuses;
            });
            long started = System.nanoTime();
            HttpResponse<byte[]> refused = http.get("/api/generators/" + fail + "/epochs/0/batches/0", "application/x-npz");
            assertThat((System.nanoTime() - started) / 1e9).as("seconds to refuse").isLessThan(5);
            assertThat(refused.statusCode()).isEqualTo(422);
            JsonNode problem = Http.json(refused);
            assertThat(problem.get("type").asString()).isEqualTo("/problems/sample-unreadable");
            assertThat(problem.get("sample").asInt()).isEqualTo(3);
            assertThat(problem.get("detail").asString()).contains("Sample 3").contains("not a regular file");
            assertThat(http.get("/api/datasets/fragile/splits/train/samples/3/image", "image/png").statusCode())
                    .isEqualTo(422);
            assertThat(otherEpoch.get(30, TimeUnit.SECONDS)).as("the other dataset's epoch, within 30 s")
                    .containsOnly(200).hasSize(10);

            JsonNode skipped = Http.json(http.get("/api/generators/" + skip + "/epochs/0/batches/0", "application/json"));
            assertThat(skipped.at("/skipped/0/index").asInt()).isEqualTo(3);
            assertThat(skipped.at("/skipped/0/reason").asString()).contains("not a regular file");
            // the workers are free: the rest of the pipe's own dataset is served too
            assertThat(http.get("/api/generators/" + fail + "/epochs/0/batches/1", "application/x-npz").statusCode())
                    .isEqualTo(200);
        }
    }

    private static Path copyOf(Path mnist, int n, String prefix) throws IOException {
        Path copy = Files.createTempDirectory(Fixtures.root(), prefix);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String name = String.format("%05d.png", i);
            Files.copy(mnist.resolve("train/" + name), copy.resolve(name));
            lines.add(name);
        }
        Files.write(copy.resolve("data.txt"), lines);
        Files.write(copy.resolve("label.txt"), Files.readAllLines(mnist.resolve("train-label.txt")).subList(0, n));
        return copy;
    }

    private static void register(Http http, String name, Path dir) {
        Map<String, Object> form = new LinkedHashMap<>();
        form.put("name", name);
        form.put("baseDir", dir.toString());
        form.put("train-data", dir.resolve("data.txt"));
        form.put("train-label", dir.resolve("label.txt"));
        HttpResponse<byte[]> r = http.multipart("/api/datasets", form);
        assertThat(r.statusCode()).as(Http.text(r)).isEqualTo(201);
    }

    private static String create(Http http, String dataset, String json) {
        HttpResponse<byte[]> r = http.postJson("/api/datasets/" + dataset + "/generators", json);
        assertThat(r.statusCode()).as(Http.text(r)).isEqualTo(201);
        return Http.json(r).get("id").asString();
    }
}
