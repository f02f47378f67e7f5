package dev.datagen.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.datagen.support.Fixtures;
import dev.datagen.support.Http;
import dev.datagen.support.Prometheus;
import dev.datagen.support.TestServer;
import tools.jackson.databind.JsonNode;

/**
 * The real service serves real MNIST batches in every format; Prometheus then shows the served counters
 * advanced by exactly what the client received (batches, samples, and bytes = the sum of the response
 * bodies), and the dashboard's throughput endpoint agrees.
 */
class ServedMetricsServerTest {

    @TempDir
    Path storage;

    /** What one format was served: batches, samples, body bytes. */
    private static final class Served {
        long batches;
        long samples;
        long bytes;

        void add(int samples, HttpResponse<byte[]> response) {
            assertThat(response.statusCode()).as(Http.text(response)).isEqualTo(200);
            batches++;
            this.samples += samples;
            bytes += response.body().length;
        }
    }

    @Test
    void prometheusCountsExactlyTheBatchesSamplesAndBytesThatWereServed() throws IOException {
        Path mnist = Fixtures.mnist(300, 100);
        try (TestServer server = TestServer.start(storage, List.of(Fixtures.root()))) {
            Http http = server.http();
            Map<String, Object> parts = new LinkedHashMap<>();
            parts.put("name", "served");
            parts.put("baseDir", mnist.toString());
            parts.put("train-data", mnist.resolve("train-data.txt"));
            parts.put("train-label", mnist.resolve("train-label.txt"));
            assertThat(http.multipart("/api/datasets", parts).statusCode()).isEqualTo(201);
            HttpResponse<byte[]> created = http.postJson("/api/datasets/served/generators",
                    Map.of("split", "train", "batchSize", 64, "seed", 7));
            assertThat(created.statusCode()).as(Http.text(created)).isEqualTo(201);
            String id = Http.json(created).get("id").asString();
            String batches = "/api/generators/" + id + "/epochs/";
            int[] sizes = {64, 64, 64, 64, 44}; // 300 samples in batches of 64

            Prometheus before = scrape(http);
            Served npz = new Served();
            Served json = new Served();
            Served nd4j = new Served();
            for (int i = 0; i < sizes.length; i++) {
                npz.add(sizes[i], http.get(batches + "0/batches/" + i, "application/x-npz"));
            }
            json.add(64, http.get(batches + "1/batches/0", "application/json"));
            json.add(44, http.get(batches + "1/batches/4", "application/json"));
            nd4j.add(64, http.get(batches + "2/batches/3", "application/x-nd4j"));
            // a refusal is not a served batch
            assertThat(http.get(batches + "0/batches/5", "application/x-npz").statusCode()).isEqualTo(404);
            Prometheus after = scrape(http);

            // the JSON view carries no arrays: a person or the dashboard's preview looking, not a trainer reading
            assertThat(json.batches).isEqualTo(2);
            assertThat(delta(before, after, "datagen_batches_served_total", "dataset", "served", "format", "json")).isZero();
            Map<String, Served> byFormat = Map.of("npz", npz, "nd4j", nd4j);
            for (Map.Entry<String, Served> e : byFormat.entrySet()) {
                String[] tags = {"dataset", "served", "format", e.getKey()};
                assertThat(delta(before, after, "datagen_batches_served_total", tags)).as(e.getKey() + " batches")
                        .isEqualTo(e.getValue().batches);
                assertThat(delta(before, after, "datagen_samples_served_total", tags)).as(e.getKey() + " samples")
                        .isEqualTo(e.getValue().samples);
                assertThat(delta(before, after, "datagen_bytes_served_total", tags)).as(e.getKey() + " bytes")
                        .isEqualTo(e.getValue().bytes);
            }
            assertThat(npz.bytes).isGreaterThan(300L * 28 * 28 * 4); // float32 pixels: the bodies are real batches

            // the other meters are there under their documented names
            assertThat(after.has("datagen_batch_seconds", "dataset", "served", "quantile", "0.99")).isTrue();
            assertThat(after.value("datagen_batch_seconds_count", "dataset", "served")).isGreaterThanOrEqualTo(8);
            assertThat(after.value("datagen_decode_seconds_count")).isGreaterThan(0);
            assertThat(after.has("datagen_decode_seconds", "quantile", "0.99")).isTrue();
            assertThat(after.value("datagen_cache_misses_total")).isGreaterThan(0);
            assertThat(after.has("datagen_cache_hits_total")).isTrue();
            assertThat(after.has("datagen_prefetch_hits_total")).isTrue();
            assertThat(after.value("datagen_prefetch_hits_total") + after.value("datagen_prefetch_misses_total")
                    - before.value("datagen_prefetch_hits_total") - before.value("datagen_prefetch_misses_total"))
                    .as("every served batch came from prefetch or was built on demand").isEqualTo(8);
            assertThat(after.value("datagen_registrations_total")).isEqualTo(1);

            // the dashboard's ring saw the same traffic, per generator and in total
            JsonNode t = http.getJson("/dashboard/api/throughput?dataset=served");
            long batchesServed = npz.batches + nd4j.batches;
            long samplesServed = npz.samples + nd4j.samples;
            long bytesServed = npz.bytes + nd4j.bytes;
            assertThat(t.at("/global/lastFiveMinutes/batches").asLong()).isEqualTo(batchesServed);
            assertThat(t.at("/global/lastFiveMinutes/samples").asLong()).isEqualTo(samplesServed);
            assertThat(t.at("/global/lastFiveMinutes/bytes").asLong()).isEqualTo(bytesServed);
            assertThat(t.at("/generators/0/generatorId").asString()).isEqualTo(id);
            assertThat(t.at("/generators/0/stats/lastFiveMinutes/bytes").asLong()).isEqualTo(bytesServed);
            assertThat(t.at("/cacheHitRatio").isNumber()).isTrue();
            assertThat(http.getJson("/dashboard/api/throughput?dataset=other").get("generators").size()).isZero();

            // a deleted dataset's series go with it: with datasets coming and going they would pile up forever
            assertThat(http.delete("/api/datasets/served").statusCode()).isEqualTo(204);
            Prometheus gone = scrape(http);
            assertThat(gone.has("datagen_batches_served_total", "dataset", "served", "format", "npz")).isFalse();
            assertThat(gone.has("datagen_batch_seconds_count", "dataset", "served")).isFalse();
            assertThat(gone.value("datagen_registrations_total")).isEqualTo(1);
        }
    }

    @Test
    void refusedRegistrationsAndSkippedSamplesAreCountedByReasonAndDataset() throws IOException {
        Path mnist = Fixtures.mnist(300, 100);
        // a private copy of ten digits, one of which disappears after registration
        Path dir = Files.createDirectories(Fixtures.root().resolve("skip-" + storage.getFileName()));
        List<String> images = Files.readAllLines(mnist.resolve("train-data.txt")).subList(0, 10);
        StringBuilder list = new StringBuilder();
        for (int i = 0; i < images.size(); i++) {
            Files.copy(mnist.resolve(images.get(i)), dir.resolve(i + ".png"));
            list.append(i).append(".png\n");
        }
        Files.writeString(dir.resolve("data.txt"), list);
        Files.write(dir.resolve("label.txt"), Files.readAllLines(mnist.resolve("train-label.txt")).subList(0, 10));
        try (TestServer server = TestServer.start(storage, List.of(Fixtures.root()))) {
            Http http = server.http();
            Prometheus before = scrape(http);
            Map<String, Object> bad = new LinkedHashMap<>();
            bad.put("name", "short");
            bad.put("baseDir", dir.toString());
            bad.put("train-data", dir.resolve("data.txt"));
            bad.put("train-label", "0 1\n".getBytes());
            HttpResponse<byte[]> refused = http.multipart("/api/datasets", bad);
            assertThat(refused.statusCode()).isEqualTo(400);
            String reason = Http.json(refused).get("type").asString().replace("/problems/", "");

            Map<String, Object> good = new LinkedHashMap<>(bad);
            good.put("name", "skippy");
            good.put("train-label", dir.resolve("label.txt"));
            assertThat(http.multipart("/api/datasets", good).statusCode()).isEqualTo(201);
            Files.delete(dir.resolve("3.png"));
            HttpResponse<byte[]> created = http.postJson("/api/datasets/skippy/generators",
                    Map.of("split", "train", "batchSize", 5, "shuffle", false, "onError", "skip"));
            String id = Http.json(created).get("id").asString();
            JsonNode batch = Http.json(http.get("/api/generators/" + id + "/epochs/0/batches/0", "application/json"));
            assertThat(batch.get("skipped").size()).isEqualTo(1);
            // counted in what trainers were served: the JSON view is not, nor what prefetch built ahead
            assertThat(http.get("/api/generators/" + id + "/epochs/0/batches/0", "application/x-npz").statusCode())
                    .isEqualTo(200);
            Prometheus after = scrape(http);

            assertThat(delta(before, after, "datagen_registrations_refused_total", "reason", reason)).isEqualTo(1);
            assertThat(after.value("datagen_samples_skipped_total", "dataset", "skippy")).isEqualTo(1);
        }
    }

    private static Prometheus scrape(Http http) {
        HttpResponse<byte[]> r = http.get("/actuator/prometheus", "text/plain");
        assertThat(r.statusCode()).isEqualTo(200);
        return new Prometheus(Http.text(r));
    }

    private static long delta(Prometheus before, Prometheus after, String name, String... tags) {
        double d = after.value(name, tags) - before.value(name, tags);
        assertThat(d).as(name + " changes by whole units").isEqualTo(Math.rint(d));
        return (long) d;
    }
}
