package dev.datagen.generator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

import dev.datagen.support.Fixtures;
import dev.datagen.support.Http;
import dev.datagen.support.Python;
import dev.datagen.support.TestServer;
import tools.jackson.databind.JsonNode;

/**
 * Generators on the real service with real MNIST digits: numpy (as trainers run it) reads the batches,
 * PIL decodes the source PNGs independently, ND4J reads its own payload.
 */
class GeneratorServerTest {

    static Path mnist;
    static Path storage;
    static TestServer server;
    static Http http;

    @BeforeAll
    static void start() throws IOException {
        mnist = Fixtures.mnist(300, 100);
        storage = Files.createTempDirectory(Fixtures.root(), "generator-test");
        server = TestServer.start(storage, List.of(Fixtures.root()));
        http = server.http();
        register("digits", "train-data", "train-data.txt", "train-label", "train-label.txt",
                "test-data", "test-data.txt", "test-label", "test-label.txt");
        register("seg", "train-data", "train-data.txt", "train-label.mask", "train-mask.txt",
                "train-label.digit", "train-label.txt");
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    static void register(String name, String... parts) {
        Map<String, Object> form = new LinkedHashMap<>();
        form.put("name", name);
        form.put("baseDir", mnist.toString());
        for (int i = 0; i < parts.length; i += 2) {
            form.put(parts[i], mnist.resolve(parts[i + 1]));
        }
        HttpResponse<byte[]> r = http.multipart("/api/datasets", form);
        assertThat(r.statusCode()).as(Http.text(r)).isEqualTo(201);
    }

    static JsonNode generator(String dataset, String json) {
        HttpResponse<byte[]> r = http.postJson("/api/datasets/" + dataset + "/generators", json);
        assertThat(r.statusCode()).as(Http.text(r)).isEqualTo(201);
        JsonNode g = Http.json(r);
        assertThat(r.headers().firstValue("Location")).hasValue("/api/generators/" + g.get("id").asString());
        return g;
    }

    static byte[] batch(String id, long epoch, long index, String accept) {
        return batch(id, epoch, index, accept, "");
    }

    static byte[] batch(String id, long epoch, long index, String accept, String query) {
        HttpResponse<byte[]> r = http.get("/api/generators/" + id + "/epochs/" + epoch + "/batches/" + index + query, accept);
        assertThat(r.statusCode()).as(Http.text(r)).isEqualTo(200);
        return r.body();
    }

    static List<Integer> indices(String id, long epoch, long index, String query) {
        JsonNode j = Http.json(http.get("/api/generators/" + id + "/epochs/" + epoch + "/batches/" + index + query,
                "application/json"));
        List<Integer> out = new ArrayList<>();
        j.get("indices").forEach(n -> out.add(n.asInt()));
        return out;
    }

    @Test
    void numpyReadsTheAnnouncedArraysWhosePixelsAndLabelsMatchTheSourceFiles() throws IOException {
        JsonNode g = generator("digits", "{\"split\": \"train\", \"batchSize\": 50, \"seed\": 11, \"dtype\": \"uint8\"}");
        assertThat(g.get("batchesPerEpoch").asInt()).isEqualTo(6);
        assertThat(g.get("samplesPerEpoch").asInt()).isEqualTo(300);
        assertThat(g.at("/arrays/0/shape").toString()).isEqualTo("[50,28,28,1]");
        assertThat(g.at("/arrays/0/dtype").asString()).isEqualTo("uint8");
        assertThat(g.at("/arrays/1/shape").toString()).isEqualTo("[50,10]");
        String id = g.get("id").asString();
        Path npz = Files.write(storage.resolve("b.npz"), batch(id, 3, 2, "application/x-npz"));
        List<Integer> idx = indices(id, 3, 2, "");
        Path indexFile = Files.writeString(storage.resolve("b.idx"), idx.toString().replaceAll("[\\[\\] ]", ""));
        // numpy 2 from the PATH: shapes and dtypes as announced
        assertThat(Python.run(Python.PATH_PYTHON, """
                import sys, numpy as np
                z = np.load(sys.argv[1])
                print(sorted(z.files), z['image'].shape, z['image'].dtype, z['label'].shape, z['label'].dtype)
                """, npz.toString()))
                .isEqualTo("['image', 'label'] (50, 28, 28, 1) uint8 (50, 10) float32");
        // Debian's numpy 1.24 with PIL decoding every source PNG independently
        String check = Python.run(Python.DEBIAN_PYTHON, """
                import sys, numpy as np
                from PIL import Image
                z = np.load(sys.argv[1])
                idx = [int(i) for i in open(sys.argv[2]).read().split(',')]
                base = sys.argv[3]
                paths = open(base + '/train-data.txt').read().split()
                labels = [list(map(float, l.split())) for l in open(base + '/train-label.txt').read().strip().split('\\n')]
                bad = 0
                for slot, i in enumerate(idx):
                    src = np.asarray(Image.open(base + '/' + paths[i]).convert('L'))
                    bad += int(not np.array_equal(z['image'][slot, :, :, 0], src))
                    bad += int(not np.array_equal(z['label'][slot], np.array(labels[i], np.float32)))
                print(len(idx), bad)
                """, npz.toString(), indexFile.toString(), mnist.toString());
        assertThat(check).isEqualTo("50 0");
    }

    /**
     * JSON answers are bytes too: their keys come in one order in every run of the service (Map.of's order,
     * used before, is salted per JVM, so the same batch's JSON view changed across a restart).
     */
    @Test
    void jsonAnswersListTheirKeysInTheSameOrderInEveryRun() {
        JsonNode g = generator("digits", "{\"split\": \"train\", \"batchSize\": 8, \"seed\": 4}");
        String id = g.get("id").asString();
        assertThat(g.get("links").propertyNames()).containsExactly("self", "firstBatch", "dataset");
        assertThat(Http.json(http.get("/api/datasets/digits", "application/json")).get("links").propertyNames())
                .containsExactly("self", "generators", "dashboard");
        JsonNode summary = Http.json(http.get("/api/generators/" + id + "/epochs/0/batches/0", "application/json"));
        summary.get("arrays").forEach(a -> assertThat(a.propertyNames()).containsExactly("name", "role", "shape", "dtype"));
    }

    @Test
    void theNpyStreamHoldsTheNpzArraysWithAKnownLength() throws IOException {
        String id = generator("digits", "{\"split\": \"train\", \"batchSize\": 24, \"seed\": 2, \"dtype\": \"uint8\"}").get("id").asString();
        HttpResponse<byte[]> npy = http.get("/api/generators/" + id + "/epochs/0/batches/3", "application/x-npy");
        assertThat(npy.headers().firstValue("Content-Length")).hasValue(String.valueOf(npy.body().length));
        Path stream = Files.write(storage.resolve("b.npy"), npy.body());
        HttpResponse<byte[]> npz = http.get("/api/generators/" + id + "/epochs/0/batches/3", "application/x-npz");
        assertThat(npz.headers().firstValue("Content-Length")).hasValue(String.valueOf(npz.body().length));
        Path zip = Files.write(storage.resolve("same.npz"), npz.body());
        assertThat(Python.run(Python.PATH_PYTHON, """
                import sys, numpy as np
                z = np.load(sys.argv[2])
                with open(sys.argv[1], 'rb') as f:
                    image, label = np.load(f), np.load(f)
                    print(np.array_equal(image, z['image']), np.array_equal(label, z['label']), f.read() == b'')
                """, stream.toString(), zip.toString())).isEqualTo("True True True");
    }

    @Test
    void float32RescaleAndNchwAreTheUint8PixelsTransformed() throws IOException {
        String u8 = generator("digits", "{\"split\": \"test\", \"batchSize\": 32, \"seed\": 5, \"dtype\": \"uint8\"}").get("id").asString();
        String f32 = generator("digits", "{\"split\": \"test\", \"batchSize\": 32, \"seed\": 5, \"rescale\": 0.00392156862745098, \"layout\": \"NCHW\"}")
                .get("id").asString();
        Path a = Files.write(storage.resolve("u8.npz"), batch(u8, 0, 1, "*/*"));
        Path b = Files.write(storage.resolve("f32.npz"), batch(f32, 0, 1, "*/*"));
        assertThat(Python.run(Python.PATH_PYTHON, """
                import sys, numpy as np
                u, f = np.load(sys.argv[1]), np.load(sys.argv[2])
                print(f['image'].shape, f['image'].dtype, np.allclose(np.transpose(u['image'], (0, 3, 1, 2)) / 255.0, f['image'], atol=1e-6))
                """, a.toString(), b.toString())).isEqualTo("(32, 1, 28, 28) float32 True");
    }

    @Test
    void nd4jPayloadHoldsTheSameArraysAsTheNpz() throws IOException {
        String id = generator("digits", "{\"split\": \"train\", \"batchSize\": 16, \"seed\": 3, \"rescale\": 0.5}").get("id").asString();
        Map<String, INDArray> npz = readNpz(batch(id, 1, 4, "application/x-npz"));
        MultiDataSet mds = new MultiDataSet();
        mds.load(new ByteArrayInputStream(batch(id, 1, 4, "application/x-nd4j")));
        assertThat(mds.getFeatures(0)).isEqualTo(npz.get("image"));
        assertThat(mds.getLabels(0)).isEqualTo(npz.get("label"));
        assertThat(mds.getFeatures(0).shape()).containsExactly(16, 28, 28, 1);
    }

    static Map<String, INDArray> readNpz(byte[] bytes) throws IOException {
        Map<String, INDArray> arrays = new LinkedHashMap<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(bytes))) {
            ZipEntry e;
            while ((e = zip.getNextEntry()) != null) {
                arrays.put(e.getName().replace(".npy", ""), Nd4j.createNpyFromByteArray(zip.readAllBytes()));
            }
        }
        return arrays;
    }

    @Test
    void sameRequestSameBytesEveryEpochAPartitionAndShuffleFalseKeepsOrder() {
        String id = generator("digits", "{\"split\": \"train\", \"batchSize\": 64, \"seed\": 99}").get("id").asString();
        assertThat(batch(id, 2, 1, "application/x-npz")).isEqualTo(batch(id, 2, 1, "application/x-npz"));
        for (int epoch = 0; epoch < 2; epoch++) {
            List<Integer> all = new ArrayList<>();
            for (int b = 0; b < 5; b++) {
                all.addAll(indices(id, epoch, b, ""));
            }
            assertThat(all).hasSize(300).doesNotHaveDuplicates();
            assertThat(indices(id, epoch, 4, "")).hasSize(300 - 4 * 64);
        }
        assertThat(indices(id, 0, 0, "")).isNotEqualTo(indices(id, 1, 0, ""));
        String ordered = generator("digits", "{\"split\": \"train\", \"batchSize\": 10, \"shuffle\": false, \"dropLast\": true}")
                .get("id").asString();
        assertThat(indices(ordered, 7, 3, "")).containsExactly(30, 31, 32, 33, 34, 35, 36, 37, 38, 39);
        assertThat(http.get("/api/generators/" + id + "/epochs/0/batches/5", "*/*").statusCode()).isEqualTo(404);
    }

    @Test
    void shardsAreDisjointAndCoverTheEpoch() {
        JsonNode g = generator("digits", "{\"split\": \"test\", \"batchSize\": 8, \"seed\": 1, \"numShards\": 3}");
        String id = g.get("id").asString();
        Set<Integer> seen = new HashSet<>();
        int total = 0;
        for (int shard = 0; shard < 3; shard++) {
            long batches = g.at("/shards/" + shard + "/batches").asLong();
            for (int b = 0; b < batches; b++) {
                List<Integer> idx = indices(id, 4, b, "?shard=" + shard);
                total += idx.size();
                seen.addAll(idx);
            }
        }
        assertThat(total).isEqualTo(100);
        assertThat(seen).hasSize(100);
        assertThat(http.get("/api/generators/" + id + "/epochs/0/batches/0", "*/*").statusCode()).isEqualTo(400);
        assertThat(http.get("/api/generators/" + id + "/epochs/0/batches/0?shard=3", "*/*").statusCode()).isEqualTo(404);
    }

    @Test
    void aFlippedImageComesWithAFlippedMask() throws IOException {
        String plain = generator("seg", "{\"split\": \"train\", \"batchSize\": 40, \"seed\": 21, \"dtype\": \"uint8\"}").get("id").asString();
        String flipped = generator("seg", "{\"split\": \"train\", \"batchSize\": 40, \"seed\": 21, \"dtype\": \"uint8\", "
                + "\"augment\": {\"horizontalFlip\": true}}").get("id").asString();
        assertThat(indices(plain, 0, 0, "")).isEqualTo(indices(flipped, 0, 0, ""));
        Path a = Files.write(storage.resolve("plain.npz"), batch(plain, 0, 0, "*/*"));
        Path b = Files.write(storage.resolve("flipped.npz"), batch(flipped, 0, 0, "*/*"));
        String report = Python.run(Python.PATH_PYTHON, """
                import sys, numpy as np
                p, f = np.load(sys.argv[1]), np.load(sys.argv[2])
                assert p['mask'].shape == (40, 28, 28) and p['mask'].dtype == np.uint8
                same = flips = bad = 0
                for i in range(40):
                    img, msk = f['image'][i, :, :, 0], f['mask'][i]
                    if np.array_equal(img, p['image'][i, :, :, 0]) and np.array_equal(msk, p['mask'][i]):
                        same += 1
                    elif np.array_equal(img, p['image'][i, :, ::-1, 0]) and np.array_equal(msk, p['mask'][i, :, ::-1]):
                        flips += 1
                    else:
                        bad += 1
                print(same > 5, flips > 5, bad, np.array_equal(p['digit'], f['digit']))
                """, a.toString(), b.toString());
        assertThat(report).isEqualTo("True True 0 True");
    }

    @Test
    void oneHotMasksAreTheIdsSpreadOverClassChannels() throws IOException {
        Map<String, Object> form = new LinkedHashMap<>();
        form.put("name", "seg-onehot");
        form.put("baseDir", mnist.toString());
        form.put("train-data", mnist.resolve("train-data.txt"));
        form.put("train-label.mask", mnist.resolve("train-mask.txt"));
        form.put("spec", "{\"outputs\": {\"mask\": {\"kind\": \"mask\", \"classes\": 11, \"encoding\": \"onehot\"}}}");
        HttpResponse<byte[]> r = http.multipart("/api/datasets", form);
        assertThat(r.statusCode()).as(Http.text(r)).isEqualTo(201);
        JsonNode g = generator("seg-onehot", "{\"split\": \"train\", \"batchSize\": 16, \"seed\": 6, \"dtype\": \"uint8\", \"layout\": \"NCHW\"}");
        assertThat(g.at("/arrays/1/shape").toString()).isEqualTo("[16,11,28,28]");
        String ids = generator("seg", "{\"split\": \"train\", \"batchSize\": 16, \"seed\": 6, \"dtype\": \"uint8\"}").get("id").asString();
        Path a = Files.write(storage.resolve("onehot.npz"), batch(g.get("id").asString(), 0, 0, "*/*"));
        Path b = Files.write(storage.resolve("ids.npz"), batch(ids, 0, 0, "*/*"));
        assertThat(Python.run(Python.PATH_PYTHON, """
                import sys, numpy as np
                o, i = np.load(sys.argv[1])['mask'], np.load(sys.argv[2])['mask']
                print(o.shape, o.dtype, bool((o.sum(axis=1) == 1).all()), np.array_equal(o.argmax(axis=1), i))
                """, a.toString(), b.toString())).isEqualTo("(16, 11, 28, 28) uint8 True True");
    }

    @Test
    void augmentationIsSeededPerSampleAndRepeatable() {
        String json = "{\"split\": \"train\", \"batchSize\": 20, \"seed\": 4, \"augment\": {\"rotationRange\": 30, "
                + "\"zoomRange\": 0.2, \"widthShiftRange\": 0.1, \"brightnessRange\": [0.7, 1.3]}}";
        String a = generator("digits", json).get("id").asString();
        String b = generator("digits", json).get("id").asString();
        assertThat(batch(a, 5, 2, "*/*")).isEqualTo(batch(b, 5, 2, "*/*"));
        assertThat(batch(a, 5, 2, "*/*")).isNotEqualTo(batch(a, 6, 2, "*/*"));
    }

    @Test
    void invalidSettingsAreRefusedWithProblemDetails() {
        for (String bad : List.of("{\"split\": \"train\", \"batchSize\": 0}", "{\"split\": \"train\", \"batchSize\": -1}",
                "{\"split\": \"train\", \"batchSize\": 1000000000}", "{\"split\": \"nope\"}", "{}",
                "{\"split\": \"train\", \"dtype\": \"uint8\", \"rescale\": 0.5}",
                "{\"split\": \"train\", \"numShards\": 301}",
                "{\"split\": \"train\", \"augment\": {\"rotationRange\": 500}}",
                "{\"split\": \"train\", \"dtype\": \"float64\"}",
                "{\"split\": \"train\", \"batch_size\": 10}",
                "{\"split\": \"train\", \"augment\": {\"hflip\": true}}")) {
            HttpResponse<byte[]> r = http.postJson("/api/datasets/digits/generators", bad);
            assertThat(r.statusCode()).as(bad).isEqualTo(400);
            assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(Http.text(r)).doesNotContain("dev.datagen").doesNotContain("Exception");
        }
    }

    @Test
    void badEpochsIndicesAndAcceptTypes() {
        String id = generator("digits", "{\"split\": \"test\", \"batchSize\": 50}").get("id").asString();
        assertThat(http.get("/api/generators/" + id + "/epochs/99999999999999999999/batches/0", "*/*").statusCode()).isEqualTo(400);
        assertThat(http.get("/api/generators/" + id + "/epochs/-1/batches/0", "*/*").statusCode()).isEqualTo(400);
        assertThat(http.get("/api/generators/" + id + "/epochs/x/batches/0", "*/*").statusCode()).isEqualTo(400);
        assertThat(http.get("/api/generators/" + id + "/epochs/0/batches/9223372036854775807", "*/*").statusCode()).isEqualTo(404);
        HttpResponse<byte[]> r = http.get("/api/generators/" + id + "/epochs/0/batches/0", "text/csv");
        assertThat(r.statusCode()).isEqualTo(406);
        assertThat(Http.text(r)).contains("/problems/not-acceptable");
        assertThat(http.get("/api/generators/nope/epochs/0/batches/0", "*/*").statusCode()).isEqualTo(404);
    }
}
