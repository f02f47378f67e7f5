package dev.datagen.replica;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.datagen.support.Fixtures;
import dev.datagen.support.Http;
import dev.datagen.support.Postgres;
import dev.datagen.support.TestServer;
import tools.jackson.databind.JsonNode;

/**
 * Two DataGen instances on two ports share one PostgreSQL registry and one data root (each with its own
 * storage folder and cache): what one registers the other serves, byte for byte.
 */
class ReplicaServerTest {

    @Test
    void aDatasetRegisteredOnOneReplicaIsServedIdenticallyByTheOther() throws IOException {
        Path mnist = Fixtures.mnist(300, 100);
        Path storageA = Files.createTempDirectory(Fixtures.root(), "replica-a");
        Path storageB = Files.createTempDirectory(Fixtures.root(), "replica-b");
        try (Postgres db = Postgres.freshSchema();
                TestServer a = TestServer.start(storageA, List.of(Fixtures.root()), db.properties());
                TestServer b = TestServer.start(storageB, List.of(Fixtures.root()), db.properties())) {
            Map<String, Object> form = new LinkedHashMap<>();
            form.put("name", "shared");
            form.put("baseDir", mnist.toString());
            form.put("train-data", mnist.resolve("train-data.txt"));
            form.put("train-label.mask", mnist.resolve("train-mask.txt"));
            form.put("train-label.digit", mnist.resolve("train-label.txt"));
            HttpResponse<byte[]> registered = a.http().multipart("/api/datasets", form);
            assertThat(registered.statusCode()).as(Http.text(registered)).isEqualTo(201);
            assertThat(b.http().getJson("/api/datasets/shared")).isEqualTo(a.http().getJson("/api/datasets/shared"));

            HttpResponse<byte[]> created = b.http().postJson("/api/datasets/shared/generators",
                    "{\"split\": \"train\", \"batchSize\": 64, \"seed\": 8, \"numShards\": 2, "
                            + "\"augment\": {\"horizontalFlip\": true, \"rotationRange\": 10}}");
            assertThat(created.statusCode()).as(Http.text(created)).isEqualTo(201);
            JsonNode g = Http.json(created);
            String id = g.get("id").asString();
            assertThat(a.http().getJson("/api/generators/" + id)).isEqualTo(g);
            int compared = 0;
            for (int epoch = 0; epoch < 2; epoch++) {
                for (int shard = 0; shard < 2; shard++) {
                    long batches = g.at("/shards/" + shard + "/batches").asLong();
                    for (int index = 0; index < batches; index++) {
                        String path = "/api/generators/" + id + "/epochs/" + epoch + "/batches/" + index + "?shard=" + shard;
                        for (String format : List.of("application/x-npz", "application/x-nd4j")) {
                            HttpResponse<byte[]> fromA = a.http().get(path, format);
                            HttpResponse<byte[]> fromB = b.http().get(path, format);
                            assertThat(fromA.statusCode()).isEqualTo(200);
                            assertThat(fromB.body()).as(path + " " + format).isEqualTo(fromA.body());
                            compared++;
                        }
                    }
                }
            }
            assertThat(compared).isEqualTo(2 * 2 * 3 * 2);

            // B keeps what it parsed of a generator it serves; a deletion on A is seen at B's next request
            String batch = "/epochs/0/batches/0?shard=0";
            String other = Http.json(a.http().postJson("/api/datasets/shared/generators",
                    "{\"split\": \"train\", \"batchSize\": 32}")).get("id").asString();
            assertThat(b.http().get("/api/generators/" + other + "/epochs/0/batches/0", "application/x-npy")
                    .statusCode()).isEqualTo(200);
            assertThat(a.http().delete("/api/generators/" + id).statusCode()).isEqualTo(204);
            HttpResponse<byte[]> gone = b.http().get("/api/generators/" + id + batch, "application/x-npy");
            assertThat(gone.statusCode()).as(Http.text(gone)).isEqualTo(404);
            assertThat(gone.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(a.http().delete("/api/datasets/shared").statusCode()).isEqualTo(204);
            assertThat(b.http().get("/api/datasets/shared", "application/json").statusCode()).isEqualTo(404);
            assertThat(b.http().get("/api/generators/" + other + "/epochs/0/batches/1", "application/x-npy")
                    .statusCode()).as("a generator of a dataset deleted on the other replica").isEqualTo(404);
        }
    }
}
