package dev.datagen.fault;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import dev.datagen.support.ChildServer;
import dev.datagen.support.Fixtures;
import dev.datagen.support.Http;
import tools.jackson.databind.JsonNode;

/**
 * The service is killed with SIGKILL in the middle of registering 200,000 images and restarted on the same
 * storage: the interrupted dataset is absent, and every earlier dataset and generator is intact and serves
 * the same bytes as before.
 */
class KilledDuringRegistrationTest {

    @Test
    void anInterruptedRegistrationLeavesNoTraceAndEarlierDataSurvives() throws Exception {
        Path mnist = Fixtures.mnist(300, 100);
        Path work = Files.createTempDirectory(Fixtures.root(), "killed");
        Path storage = work.resolve("storage");
        List<String> data = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        List<String> trainData = Files.readAllLines(mnist.resolve("train-data.txt"));
        List<String> trainLabels = Files.readAllLines(mnist.resolve("train-label.txt"));
        for (int i = 0; i < 200_000; i++) {
            data.add(trainData.get(i % 300));
            labels.add(trainLabels.get(i % 300));
        }
        Path bigData = Files.write(work.resolve("big-data.txt"), data);
        Path bigLabels = Files.write(work.resolve("big-label.txt"), labels);

        String generatorId;
        JsonNode datasetBefore;
        JsonNode generatorBefore;
        byte[] batchBefore;
        try (ChildServer first = ChildServer.start(storage, List.of(Fixtures.root()), List.of("-Xmx512m"))) {
            Http http = first.http();
            assertThat(http.multipart("/api/datasets", form("earlier", mnist, mnist.resolve("train-data.txt"),
                    mnist.resolve("train-label.txt"))).statusCode()).isEqualTo(201);
            HttpResponse<byte[]> g = http.postJson("/api/datasets/earlier/generators",
                    "{\"split\": \"train\", \"batchSize\": 32, \"seed\": 77, \"augment\": {\"rotationRange\": 20}}");
            generatorBefore = Http.json(g);
            generatorId = generatorBefore.get("id").asString();
            datasetBefore = http.getJson("/api/datasets/earlier");
            batchBefore = http.get("/api/generators/" + generatorId + "/epochs/3/batches/2", "application/x-npz").body();

            CompletableFuture<HttpResponse<byte[]>> big = CompletableFuture.supplyAsync(
                    () -> http.multipart("/api/datasets", form("interrupted", mnist, bigData, bigLabels)));
            Thread.sleep(3000);
            assertThat(big).as("the big registration must still be running when the process is killed").isNotDone();
            first.kill();
            assertThat(big).failsWithin(java.time.Duration.ofSeconds(30));
        }

        try (ChildServer second = ChildServer.start(storage, List.of(Fixtures.root()), List.of("-Xmx512m"))) {
            Http http = second.http();
            JsonNode all = http.getJson("/api/datasets");
            assertThat(all.size()).isEqualTo(1);
            assertThat(all.get(0).get("name").asString()).isEqualTo("earlier");
            assertThat(http.getJson("/api/datasets/earlier")).isEqualTo(datasetBefore);
            assertThat(http.getJson("/api/generators/" + generatorId)).isEqualTo(generatorBefore);
            assertThat(http.get("/api/generators/" + generatorId + "/epochs/3/batches/2", "application/x-npz").body())
                    .isEqualTo(batchBefore);
            assertThat(http.get("/api/datasets/interrupted", "application/json").statusCode()).isEqualTo(404);
            HttpResponse<byte[]> again = http.multipart("/api/datasets", form("interrupted", mnist,
                    mnist.resolve("test-data.txt"), mnist.resolve("test-label.txt")));
            assertThat(again.statusCode()).as(Http.text(again)).isEqualTo(201);
        }
    }

    private static Map<String, Object> form(String name, Path base, Path data, Path labels) {
        Map<String, Object> form = new LinkedHashMap<>();
        form.put("name", name);
        form.put("baseDir", base.toString());
        form.put("train-data", data);
        form.put("train-label", labels);
        return form;
    }
}
