package dev.datagen.generator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.datagen.support.Fixtures;
import dev.datagen.support.Python;
import dev.datagen.support.Served;
import dev.datagen.support.TestServer;
import tools.jackson.databind.JsonNode;

/**
 * What the dashboard's batch preview shows, checked against the payload: every tile is that sample of the
 * npz of the same batch (PIL decodes the PNG, numpy reads the npz), and trainers' progress counts the
 * batches trainers read, not the previews.
 */
class PreviewServerTest {

    static TestServer server;
    static Served served;

    @BeforeAll
    static void start() throws IOException {
        Path mnist = Fixtures.mnist(300, 100);
        Path photos = Fixtures.photos(40);
        server = TestServer.start(Files.createTempDirectory(Fixtures.root(), "preview"), List.of(Fixtures.root()));
        served = new Served(server.http());
        served.register("seg", mnist, null, "train-data", "train-data.txt", "train-label.mask", "train-mask.txt",
                "train-label.digit", "train-label.txt");
        served.register("onehot", mnist, "{\"outputs\": {\"mask\": {\"encoding\": \"onehot\"}}}", "train-data",
                "train-data.txt", "train-label.mask", "train-mask.txt");
        served.register("photos", photos, "{\"inputs\": {\"image\": {\"size\": [48, 64], \"color\": \"rgb\"}}}",
                "train-data", "train-data.txt", "train-label", "train-label.txt");
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** For every sample of batch 1 of epoch 2: the tiles of {@code arrays} against the npz, as numpy sees them. */
    static final String COMPARE = """
            from PIL import Image
            def tile(gid, j, name, fmt="image"):
                return np.asarray(Image.open(io.BytesIO(get("/api/generators/%s/epochs/2/batches/1/samples/%d/%s?format=%s"
                                                            % (gid, j, name, fmt), "image/png"))))
            """;

    @Test
    void uint8TilesAndMaskIdsAreExactlyTheSamplesOfTheNpz() {
        String out = Python.run(Python.DEBIAN_PYTHON, Served.PYTHON + COMPARE + """
                g = generator("seg", {"split": "train", "batchSize": 12, "seed": 3, "dtype": "uint8",
                                      "crop": {"mode": "random-resized"}, "augment": {"horizontalFlip": True},
                                      "cutmix": {"alpha": 1.0}})
                z, n = npz(g["id"], 2, 1), 0
                for j in range(12):
                    assert (tile(g["id"], j, "image") == z["image"][j][..., 0]).all(), j
                    assert (tile(g["id"], j, "mask", "ids") == z["mask"][j]).all(), j
                    rgba = tile(g["id"], j, "mask")
                    assert rgba.shape == (28, 28, 4) and ((rgba[..., 3] == 0) == (z["mask"][j] == 0)).all(), j
                    n += 1
                h = generator("onehot", {"split": "train", "batchSize": 12, "seed": 3, "dtype": "float32", "layout": "NCHW"})
                z = npz(h["id"], 2, 1)
                for j in range(12):
                    assert (tile(h["id"], j, "mask", "ids") == z["mask"][j].argmax(axis=0)).all(), j
                    n += 1
                print(n)
                """, served.url());
        assertThat(out).isEqualTo("24");
    }

    @Test
    void float32TilesUndoRescaleAndNormalizationBackToTheUint8Pixels() {
        String out = Python.run(Python.DEBIAN_PYTHON, Served.PYTHON + COMPARE + """
                common = {"split": "train", "batchSize": 8, "seed": 5, "crop": {"mode": "random-resized"},
                          "augment": {"horizontalFlip": True, "rotationRange": 10}}
                raw = generator("photos", dict(common, dtype="uint8"))
                norm = generator("photos", dict(common, dtype="float32", layout="NCHW", rescale=1 / 255,
                                 normalize={"mean": [0.485, 0.456, 0.406], "std": [0.229, 0.224, 0.225]}))
                z = npz(raw["id"], 2, 1)
                for j in range(8):
                    assert (tile(raw["id"], j, "image") == z["image"][j]).all(), j
                    assert (tile(norm["id"], j, "image") == z["image"][j]).all(), j
                print("ok")
                """, served.url());
        assertThat(out).isEqualTo("ok");
    }

    @Test
    void tilesThatCannotBeAreRefused() {
        String id = served.generator("seg", "{\"split\": \"train\", \"batchSize\": 4, \"seed\": 1}").get("id").asString();
        String batch = "/api/generators/" + id + "/epochs/0/batches/0/samples/";
        assertThat(status(batch + "0/digit")).isEqualTo(400);
        assertThat(status(batch + "0/image?format=ids")).isEqualTo(400);
        assertThat(status(batch + "0/image?format=jpeg")).isEqualTo(400);
        assertThat(status(batch + "4/image")).isEqualTo(404);
        assertThat(status(batch + "x/image")).isEqualTo(400);
        assertThat(status(batch + "0/nothing")).isEqualTo(404);
        assertThat(status("/api/generators/" + id + "/epochs/0/batches/75/samples/0/image")).isEqualTo(404);
    }

    @Test
    void theTileEndpointIsInTheOpenApiDescriptionAsPngWithEveryParameterExplained() {
        JsonNode get = served.http().getJson("/v3/api-docs").at("/paths")
                .path("/api/generators/{id}/epochs/{epoch}/batches/{index}/samples/{sample}/{array}").path("get");
        assertThat(get.path("summary").asString()).contains("as PNG").contains("format=ids");
        assertThat(get.at("/responses/200/content").has("image/png")).isTrue();
        List<String> parameters = new java.util.ArrayList<>();
        get.path("parameters").forEach(p -> {
            parameters.add(p.path("name").asString());
            if (!p.path("name").asString().equals("id")) {
                assertThat(p.path("description").asString()).as(p.path("name").asString()).isNotBlank();
            }
        });
        assertThat(parameters).containsExactlyInAnyOrder("id", "epoch", "index", "sample", "array", "shard", "numShards",
                "from", "format");
    }

    @Test
    void progressShowsTheLastBatchTrainersReadNotWhatPeopleLookedAt() {
        String id = served.generator("seg", "{\"split\": \"train\", \"batchSize\": 10, \"seed\": 2, \"numShards\": 2}")
                .get("id").asString();
        JsonNode none = served.http().getJson("/api/generators/" + id + "/progress");
        assertThat(none.get("active").asBoolean()).isFalse();
        assertThat(none.get("shards")).isEmpty();
        served.http().get("/api/generators/" + id + "/epochs/1/batches/4?shard=1", "application/x-npz");
        served.http().get("/api/generators/" + id + "/epochs/1/batches/2?shard=0", "*/*");
        // a person looking: the JSON view and a preview tile
        served.http().get("/api/generators/" + id + "/epochs/3/batches/9?shard=1", "application/json");
        served.http().get("/api/generators/" + id + "/epochs/3/batches/9/samples/0/image?shard=1", "image/png");
        JsonNode p = served.http().getJson("/api/generators/" + id + "/progress");
        assertThat(p.get("active").asBoolean()).isTrue();
        assertThat(p.get("dataset").asString()).isEqualTo("seg");
        assertThat(p.at("/shards/0/shard").asInt()).isEqualTo(0);
        assertThat(p.at("/shards/0/batch").asLong()).isEqualTo(2);
        assertThat(p.at("/shards/1/epoch").asLong()).isEqualTo(1);
        assertThat(p.at("/shards/1/batch").asLong()).isEqualTo(4);
        assertThat(p.at("/shards/1/batches").asLong()).isEqualTo(15);
        assertThat(p.at("/shards/1/samplesPerSecond").asDouble()).isPositive();
        JsonNode trainers = served.http().getJson("/api/trainers");
        assertThat(trainers.get(0).get("generator").asString()).isEqualTo(id);
        assertThat(served.http().delete("/api/generators/" + id).statusCode()).isEqualTo(204);
        HttpResponse<byte[]> gone = served.http().get("/api/generators/" + id + "/progress", "application/json");
        assertThat(gone.statusCode()).isEqualTo(404);
    }

    @Test
    void aDeletedDatasetsGeneratorsLeaveTheTrainersListAndTheThroughputPanel() throws IOException {
        served.register("brief", Fixtures.mnist(300, 100), null, "train-data", "train-data.txt", "train-label",
                "train-label.txt");
        String id = served.generator("brief", "{\"split\": \"train\", \"batchSize\": 10}").get("id").asString();
        served.http().get("/api/generators/" + id + "/epochs/0/batches/0", "application/x-npz");
        assertThat(ids(served.http().getJson("/api/trainers"), "generator")).contains(id);
        assertThat(ids(served.http().getJson("/dashboard/api/throughput").get("generators"), "generatorId")).contains(id);
        assertThat(served.http().delete("/api/datasets/brief").statusCode()).isEqualTo(204);
        assertThat(ids(served.http().getJson("/api/trainers"), "generator")).doesNotContain(id);
        assertThat(ids(served.http().getJson("/dashboard/api/throughput").get("generators"), "generatorId"))
                .doesNotContain(id);
    }

    private static List<String> ids(JsonNode list, String field) {
        List<String> ids = new java.util.ArrayList<>();
        list.forEach(n -> ids.add(n.get(field).asString()));
        return ids;
    }

    private static int status(String path) {
        return served.http().get(path, "image/png").statusCode();
    }
}
