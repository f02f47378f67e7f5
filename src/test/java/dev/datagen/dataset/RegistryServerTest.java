package dev.datagen.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.datagen.support.Fixtures;
import dev.datagen.support.Http;
import dev.datagen.support.TestServer;
import tools.jackson.databind.JsonNode;

/**
 * The real service on a random port registers real MNIST digits in every task shape, then is restarted on
 * the same storage and finds them intact.
 */
class RegistryServerTest {

    static Path mnist;

    @TempDir
    Path storage;

    @BeforeAll
    static void data() {
        mnist = Fixtures.mnist(300, 100);
    }

    private static Map<String, Object> parts(String name, Object... pairs) {
        Map<String, Object> parts = new LinkedHashMap<>();
        parts.put("name", name);
        parts.put("baseDir", mnist.toString());
        for (int i = 0; i < pairs.length; i += 2) {
            parts.put((String) pairs[i], pairs[i + 1] instanceof String s ? mnist.resolve(s) : pairs[i + 1]);
        }
        return parts;
    }

    @Test
    void registersEveryTaskShapeAndFindsThemIntactAfterARestart() throws IOException {
        Map<String, JsonNode> before = new LinkedHashMap<>();
        Path classTree = classFolders();
        try (TestServer server = TestServer.start(storage, List.of(Fixtures.root()))) {
            Http http = server.http();

            HttpResponse<byte[]> seed = http.multipart("/api/datasets", parts("mnist",
                    "train-data", "train-data.txt", "train-label", "train-label.txt",
                    "test-data", "test-data.txt", "test-label", "test-label.txt"));
            assertThat(seed.statusCode()).as(Http.text(seed)).isEqualTo(201);
            assertThat(seed.headers().firstValue("Location")).hasValue("/api/datasets/mnist");
            JsonNode d = Http.json(seed);
            assertThat(d.get("imagesChecked").asLong()).isEqualTo(400);
            assertThat(d.at("/inputs/0/name").asString()).isEqualTo("image");
            assertThat(d.at("/inputs/0/height").asInt()).isEqualTo(28);
            assertThat(d.at("/inputs/0/color").asString()).isEqualTo("grayscale");
            assertThat(d.at("/outputs/0/name").asString()).isEqualTo("label");
            assertThat(d.at("/outputs/0/kind").asString()).isEqualTo("categorical");
            assertThat(d.at("/outputs/0/classes").asInt()).isEqualTo(10);
            assertThat(d.at("/splits/train/samples").asInt()).isEqualTo(300);
            assertThat(d.at("/splits/test/samples").asInt()).isEqualTo(100);
            assertThat(counts(d.at("/splits/train/distribution/label"))).isEqualTo(classCounts("train-label.txt", 10));

            HttpResponse<byte[]> pairs = http.multipart("/api/datasets", parts("pairs",
                    "train-data.left", "train-pair-left.txt", "train-data.right", "train-pair-right.txt",
                    "train-label.same", "train-label-same.txt",
                    "test-data.left", "test-pair-left.txt", "test-data.right", "test-pair-right.txt",
                    "test-label.same", "test-label-same.txt"));
            assertThat(pairs.statusCode()).as(Http.text(pairs)).isEqualTo(201);
            JsonNode p = Http.json(pairs);
            assertThat(p.at("/inputs/0/name").asString()).isEqualTo("left");
            assertThat(p.at("/inputs/1/name").asString()).isEqualTo("right");
            assertThat(p.at("/outputs/0/classes").asInt()).isEqualTo(2);
            assertThat(p.get("imagesChecked").asLong()).isEqualTo(800);

            HttpResponse<byte[]> multitask = http.multipart("/api/datasets", parts("multitask",
                    "train-data", "train-data.txt", "train-label.digit", "train-label.txt",
                    "train-label.parity", "train-label-parity.txt"));
            assertThat(multitask.statusCode()).as(Http.text(multitask)).isEqualTo(201);
            JsonNode m = Http.json(multitask);
            assertThat(m.at("/outputs/1/name").asString()).isEqualTo("parity");
            assertThat(counts(m.at("/splits/train/distribution/parity"))).isEqualTo(classCounts("train-label-parity.txt", 2));

            HttpResponse<byte[]> masks = http.multipart("/api/datasets", parts("masks",
                    "train-data", "train-data.txt", "train-label.mask", "train-mask.txt"));
            assertThat(masks.statusCode()).as(Http.text(masks)).isEqualTo(201);
            JsonNode k = Http.json(masks);
            assertThat(k.at("/outputs/0/kind").asString()).isEqualTo("mask");
            assertThat(k.at("/outputs/0/classes").asInt()).isEqualTo(11);
            assertThat(k.at("/outputs/0/encoding").asString()).isEqualTo("ids");

            HttpResponse<byte[]> folders = http.postJson("/api/datasets/from-directory", Map.of("name", "folders",
                    "splits", Map.of("train", classTree.resolve("train").toString(), "test", classTree.resolve("test").toString()),
                    "size", List.of(32, 32), "color", "rgb"));
            assertThat(folders.statusCode()).as(Http.text(folders)).isEqualTo(201);
            JsonNode f = Http.json(folders);
            assertThat(f.at("/inputs/0/height").asInt()).isEqualTo(32);
            assertThat(f.at("/inputs/0/channels").asInt()).isEqualTo(3);
            assertThat(f.at("/outputs/0/classNames/3").asString()).isEqualTo("3");
            assertThat(counts(f.at("/splits/train/distribution/label"))).isEqualTo(classCounts("train-label.txt", 10));

            JsonNode sample = http.getJson("/api/datasets/mnist/splits/train/samples/7");
            assertThat(sample.at("/inputs/image").asString()).endsWith("train/00007.png");
            assertThat(sample.at("/outputs/label").toString().replace(".0", "").replace(",", " ").replaceAll("[\\[\\]]", ""))
                    .isEqualTo(Files.readAllLines(mnist.resolve("train-label.txt")).get(7));
            HttpResponse<byte[]> png = http.get("/api/datasets/mnist/splits/train/samples/7/image", "image/*");
            assertThat(png.statusCode()).isEqualTo(200);
            assertThat(png.body()).isEqualTo(Files.readAllBytes(mnist.resolve("train/00007.png")));

            JsonNode api = http.getJson("/v3/api-docs");
            assertThat(api.at("/info/title").asString()).isEqualTo("DataGen");
            for (String path : List.of("/api/datasets", "/api/datasets/from-directory", "/api/datasets/{name}",
                    "/api/datasets/{name}/splits/{split}/samples/{index}",
                    "/api/datasets/{name}/splits/{split}/samples/{index}/{field}", "/api/datasets/{name}/generators",
                    "/api/generators", "/api/generators/{id}", "/api/generators/{id}/epochs/{epoch}/batches/{index}")) {
                assertThat(api.get("paths").has(path)).as(path).isTrue();
            }
            assertThat(api.at("/paths/~1api~1datasets/post/requestBody/content").has("multipart/form-data")).isTrue();
            assertThat(http.get("/swagger-ui/index.html", "text/html").statusCode()).isEqualTo(200);

            for (String name : List.of("mnist", "pairs", "multitask", "masks", "folders")) {
                before.put(name, http.getJson("/api/datasets/" + name));
            }
        }

        try (TestServer restarted = TestServer.start(storage, List.of(Fixtures.root()))) {
            Http http = restarted.http();
            JsonNode all = http.getJson("/api/datasets");
            assertThat(all.size()).isEqualTo(5);
            for (Map.Entry<String, JsonNode> e : before.entrySet()) {
                assertThat(http.getJson("/api/datasets/" + e.getKey())).isEqualTo(e.getValue());
            }
            JsonNode sample = http.getJson("/api/datasets/pairs/splits/test/samples/99");
            assertThat(sample.at("/inputs/right").asString())
                    .endsWith(Files.readAllLines(mnist.resolve("test-pair-right.txt")).get(99));
        }
    }

    private static long[] counts(JsonNode array) {
        long[] c = new long[array.size()];
        for (int i = 0; i < c.length; i++) {
            c[i] = array.get(i).asLong();
        }
        return c;
    }

    private static long[] classCounts(String labelFile, int classes) throws IOException {
        long[] c = new long[classes];
        for (String line : Files.readAllLines(mnist.resolve(labelFile))) {
            String[] v = line.trim().split("\\s+");
            for (int i = 0; i < classes; i++) {
                if (!v[i].equals("0")) {
                    c[i]++;
                }
            }
        }
        return c;
    }

    /** A Keras flow_from_directory tree made from the same digits: split/class/image.png. */
    static Path classFolders() throws IOException {
        return Fixtures.classFolders(mnist);
    }
}
