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

import org.junit.jupiter.api.Test;

import dev.datagen.support.Fixtures;
import dev.datagen.support.Http;
import dev.datagen.support.TestServer;
import tools.jackson.databind.JsonNode;

/**
 * Images deleted or corrupted after registration: onError=fail names the sample, onError=skip replaces it
 * with the next readable one and counts it; other batches keep being served, also from the cache.
 */
class UnreadableSampleServerTest {

    @Test
    void failNamesTheSampleAndSkipReplacesAndCountsIt() throws IOException {
        Path mnist = Fixtures.mnist(300, 100);
        Path copy = Files.createTempDirectory(Fixtures.root(), "faults");
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String name = String.format("%05d.png", i);
            Files.copy(mnist.resolve("train/" + name), copy.resolve(name));
            lines.add(name);
        }
        Files.write(copy.resolve("data.txt"), lines);
        Files.write(copy.resolve("label.txt"), Files.readAllLines(mnist.resolve("train-label.txt")).subList(0, 40));
        // no prefetch: a batch built ahead, before the files changed, would hide what this test looks at
        try (TestServer server = TestServer.start(copy.resolve("storage"), List.of(Fixtures.root()),
                "datagen.prefetch.enabled=false")) {
            Http http = server.http();
            Map<String, Object> form = new LinkedHashMap<>();
            form.put("name", "fragile");
            form.put("baseDir", copy.toString());
            form.put("train-data", copy.resolve("data.txt"));
            form.put("train-label", copy.resolve("label.txt"));
            assertThat(http.multipart("/api/datasets", form).statusCode()).isEqualTo(201);
            String fail = create(http, "{\"split\": \"train\", \"batchSize\": 10, \"shuffle\": false}");
            String skip = create(http, "{\"split\": \"train\", \"batchSize\": 10, \"shuffle\": false, \"onError\": \"skip\"}");
            byte[] before = get(http, fail, 1).body();
            get(http, skip, 0); // fills the cache for samples 0..9

            Files.delete(copy.resolve("00003.png"));
            Files.delete(copy.resolve("00004.png"));
            Files.write(copy.resolve("00015.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 0});

            HttpResponse<byte[]> failed = get(http, fail, 0);
            assertThat(failed.statusCode()).isEqualTo(422);
            assertThat(failed.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            JsonNode problem = Http.json(failed);
            assertThat(problem.get("type").asString()).isEqualTo("/problems/sample-unreadable");
            assertThat(problem.get("sample").asInt()).isEqualTo(3);
            assertThat(problem.get("path").asString()).endsWith("00003.png");
            assertThat(problem.get("detail").asString()).contains("Sample 3").contains("no longer exists");
            HttpResponse<byte[]> corrupt = get(http, fail, 1);
            assertThat(corrupt.statusCode()).isEqualTo(422);
            assertThat(Http.json(corrupt).get("sample").asInt()).isEqualTo(15);
            // the cache must not hide a changed file, and the service keeps serving other batches
            assertThat(get(http, fail, 2).statusCode()).isEqualTo(200);
            assertThat(before).isNotEmpty();

            JsonNode skipped = Http.json(http.get("/api/generators/" + skip + "/epochs/0/batches/0", "application/json"));
            List<Integer> idx = new ArrayList<>();
            skipped.get("indices").forEach(n -> idx.add(n.asInt()));
            assertThat(idx).containsExactly(0, 1, 2, 5, 5, 5, 6, 7, 8, 9);
            // one entry per replaced slot: sample 3's slot passed over sample 4 on its way, and is not its report
            assertThat(skipped.get("skipped")).hasSize(2);
            assertThat(skipped.at("/skipped/0/index").asInt()).isEqualTo(3);
            assertThat(skipped.at("/skipped/0/replacement").asInt()).isEqualTo(5);
            assertThat(skipped.at("/skipped/1/index").asInt()).isEqualTo(4);
            assertThat(skipped.at("/skipped/1/replacement").asInt()).isEqualTo(5);
            assertThat(get(http, skip, 1).statusCode()).isEqualTo(200);
            // counted as trainers are served (npz), not for the JSON view above: 2 in batch 0, 1 in batch 1
            assertThat(get(http, skip, 0).statusCode()).isEqualTo(200);
            String prometheus = Http.text(http.get("/actuator/prometheus", "text/plain"));
            assertThat(prometheus).contains("datagen_samples_skipped_total{dataset=\"fragile\"} 3.0");

            // with nothing readable left, skip says so rather than suggest itself
            try (var images = Files.list(copy)) {
                for (Path png : images.filter(p -> p.toString().endsWith(".png")).toList()) {
                    Files.delete(png);
                }
            }
            HttpResponse<byte[]> none = get(http, skip, 2);
            assertThat(none.statusCode()).isEqualTo(422);
            assertThat(Http.json(none).get("detail").asString()).contains("can be read any more")
                    .doesNotContain("Create the generator with");
        }
    }

    private static String create(Http http, String json) {
        HttpResponse<byte[]> r = http.postJson("/api/datasets/fragile/generators", json);
        assertThat(r.statusCode()).as(Http.text(r)).isEqualTo(201);
        return Http.json(r).get("id").asString();
    }

    private static HttpResponse<byte[]> get(Http http, String id, int index) {
        return http.get("/api/generators/" + id + "/epochs/0/batches/" + index, "application/x-npz");
    }
}
