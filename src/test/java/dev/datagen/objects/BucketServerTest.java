package dev.datagen.objects;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipInputStream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import dev.datagen.support.Fixtures;
import dev.datagen.support.Http;
import dev.datagen.support.S3Proxy;
import dev.datagen.support.TestServer;
import tools.jackson.databind.JsonNode;

/**
 * Images in an S3 bucket (s3proxy, a real S3 server) as a data root: registered from list files and from class
 * "folders", served byte for byte as the same images registered from a local folder, confined to the root's
 * prefix, and re-read when an object is replaced or deleted after registration.
 */
class BucketServerTest {

    private static final String BUCKET = "bucket-server-test";
    private static Path mnist;
    private static S3Proxy s3;

    @BeforeAll
    static void upload() throws IOException {
        mnist = Fixtures.mnist(300, 100);
        Fixtures.classFolders(mnist);
        s3 = S3Proxy.shared();
        s3.upload(BUCKET, "digits/", mnist);
    }

    private static TestServer server(Path storage) {
        String[] props = s3.properties();
        return TestServer.startOn(storage, List.of(Fixtures.root().toString(), "s3://" + BUCKET + "/digits"), props);
    }

    @Test
    void aBucketServesTheSameBatchesAsAFolder() throws IOException {
        try (TestServer server = server(Files.createTempDirectory(Fixtures.root(), "bucket"))) {
            Http http = server.http();
            register(http, "local", mnist.toString());
            register(http, "remote", "s3://" + BUCKET + "/digits/");
            JsonNode remote = http.getJson("/api/datasets/remote");
            assertThat(remote.at("/splits/train/samples").asInt()).isEqualTo(300);
            assertThat(remote.at("/splits/test/samples").asInt()).isEqualTo(100);

            String settings = "{\"split\": \"train\", \"batchSize\": 64, \"seed\": 7, \"dtype\": \"uint8\","
                    + " \"augment\": {\"horizontalFlip\": true, \"rotationRange\": 10}}";
            String a = generator(http, "local", settings);
            String b = generator(http, "remote", settings);
            for (int epoch = 0; epoch < 2; epoch++) { // the second epoch comes from the decoded-sample cache
                for (int i = 0; i < 5; i++) {
                    assertThat(batch(http, b, epoch, i)).as("epoch %d batch %d", epoch, i)
                            .isEqualTo(batch(http, a, epoch, i));
                }
            }
            // the sample image endpoint serves the object as stored
            HttpResponse<byte[]> original = http.get("/api/datasets/remote/splits/train/samples/0/image?format=original",
                    "*/*");
            assertThat(original.statusCode()).isEqualTo(200);
            assertThat(original.body()).isEqualTo(Files.readAllBytes(mnist.resolve("train/00000.png")));

            // class "folders" are the common prefixes of a prefix
            String tree = "{\"name\": \"%s\", \"splits\": {\"train\": \"%s\", \"test\": \"%s\"}, \"size\": [28, 28]}";
            created(http.postJson("/api/datasets/from-directory", tree.formatted("tree-local",
                    mnist.resolve("class-folders/train"), mnist.resolve("class-folders/test"))));
            created(http.postJson("/api/datasets/from-directory", tree.formatted("tree-remote",
                    "s3://" + BUCKET + "/digits/class-folders/train", "s3://" + BUCKET + "/digits/class-folders/test")));
            assertThat(http.getJson("/api/datasets/tree-remote").at("/outputs/0/classNames"))
                    .isEqualTo(http.getJson("/api/datasets/tree-local").at("/outputs/0/classNames"));
            String c = generator(http, "tree-local", "{\"split\": \"test\", \"batchSize\": 50, \"seed\": 3}");
            String d = generator(http, "tree-remote", "{\"split\": \"test\", \"batchSize\": 50, \"seed\": 3}");
            assertThat(batch(http, d, 0, 1)).isEqualTo(batch(http, c, 0, 1));
        }
    }

    @Test
    void masksAndPairsFromABucketServeTheSameBatchesAsFromAFolder() throws IOException {
        try (TestServer server = server(Files.createTempDirectory(Fixtures.root(), "bucket"))) {
            Http http = server.http();
            Map<String, String> seg = Map.of("train-data", "train-data.txt", "train-label.mask", "train-mask.txt",
                    "train-label.digit", "train-label.txt");
            Map<String, String> pairs = Map.of("train-data.left", "train-pair-left.txt",
                    "train-data.right", "train-pair-right.txt", "train-label.same", "train-label-same.txt");
            for (String where : List.of("local", "remote")) {
                String base = where.equals("local") ? mnist.toString() : "s3://" + BUCKET + "/digits/";
                created(http.multipart("/api/datasets", parts("seg-" + where, base, seg)));
                created(http.multipart("/api/datasets", parts("pairs-" + where, base, pairs)));
            }
            assertThat(http.getJson("/api/datasets/seg-remote").at("/splits/train/masks"))
                    .isEqualTo(http.getJson("/api/datasets/seg-local").at("/splits/train/masks"));
            // crops, flips and CutMix move masks with their images: the same on both
            String segSettings = "{\"split\": \"train\", \"batchSize\": 32, \"seed\": 5, \"dtype\": \"uint8\","
                    + " \"crop\": {\"mode\": \"random-resized\"}, \"augment\": {\"horizontalFlip\": true},"
                    + " \"cutmix\": {\"alpha\": 1.0}}";
            String pairSettings = "{\"split\": \"train\", \"batchSize\": 32, \"seed\": 5, \"numShards\": 2}";
            for (String[] g : List.of(new String[] {"seg", segSettings}, new String[] {"pairs", pairSettings})) {
                String a = generator(http, g[0] + "-local", g[1]);
                String b = generator(http, g[0] + "-remote", g[1]);
                String shard = g[0].equals("pairs") ? "?shard=1" : "";
                for (int i = 0; i < 3; i++) {
                    assertThat(batch(http, b, 0, i, shard)).as(g[0] + " batch " + i).isEqualTo(batch(http, a, 0, i, shard));
                }
            }
        }
    }

    private static Map<String, Object> parts(String name, String baseDir, Map<String, String> files) {
        Map<String, Object> form = new LinkedHashMap<>();
        form.put("name", name);
        form.put("baseDir", baseDir);
        new java.util.TreeMap<>(files).forEach((part, file) -> form.put(part, mnist.resolve(file)));
        return form;
    }

    @Test
    void keysThatLeaveTheRootArePathProblems() throws IOException {
        s3.put("outside-bucket", "x.png", mnist.resolve("train/00000.png"));
        s3.put(BUCKET, "secret/x.png", mnist.resolve("train/00000.png"));
        try (TestServer server = server(Files.createTempDirectory(Fixtures.root(), "bucket"))) {
            Http http = server.http();
            for (String hostile : List.of("../secret/x.png", "%2e%2e/secret/x.png", "train/..%2F..%2Fsecret/x.png",
                    "/secret/x.png", "s3://outside-bucket/x.png", "s3://" + BUCKET + "/secret/x.png",
                    "train\\..\\..\\secret\\x.png")) {
                Map<String, Object> form = new LinkedHashMap<>();
                form.put("name", "hostile");
                form.put("baseDir", "s3://" + BUCKET + "/digits/");
                form.put("train-data", text("train/00000.png\n" + hostile + "\n"));
                form.put("train-label", text("0 1\n1 0\n"));
                HttpResponse<byte[]> r = http.multipart("/api/datasets", form);
                assertThat(r.statusCode()).as(hostile + ": " + Http.text(r)).isEqualTo(400);
                JsonNode problem = Http.json(r);
                assertThat(problem.get("type").asString()).isEqualTo("/problems/path-not-allowed");
                assertThat(problem.get("part").asString()).isEqualTo("train-data");
                assertThat(problem.get("line").asInt()).isEqualTo(2);
            }
            Map<String, Object> form = new LinkedHashMap<>();
            form.put("name", "hostile");
            form.put("baseDir", "s3://" + BUCKET + "/secret/");
            form.put("train-data", text("x.png\n"));
            form.put("train-label", text("1\n"));
            HttpResponse<byte[]> r = http.multipart("/api/datasets", form);
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(Http.json(r).get("part").asString()).isEqualTo("baseDir");
            assertThat(http.getJson("/api/datasets").toString()).doesNotContain("hostile");
        }
    }

    @Test
    void aReplacedObjectIsDecodedAgainAndADeletedOneFollowsOnError() throws IOException {
        String prefix = "fragile/";
        for (int i = 0; i < 20; i++) {
            String name = "train/%05d.png".formatted(i);
            s3.put(BUCKET, "digits/" + prefix + name, mnist.resolve(name));
        }
        // no prefetch: a batch built ahead, before the objects changed, would hide what this test looks at
        try (TestServer server = TestServer.startOn(Files.createTempDirectory(Fixtures.root(), "bucket"),
                List.of("s3://" + BUCKET + "/digits"), withProps("datagen.prefetch.enabled=false"))) {
            Http http = server.http();
            Map<String, Object> form = new LinkedHashMap<>();
            form.put("name", "fragile");
            form.put("baseDir", "s3://" + BUCKET + "/digits/" + prefix);
            form.put("train-data", text(String.join("\n", Files.readAllLines(mnist.resolve("train-data.txt"))
                    .subList(0, 20)) + "\n"));
            form.put("train-label", text(String.join("\n", Files.readAllLines(mnist.resolve("train-label.txt"))
                    .subList(0, 20)) + "\n"));
            created(http.multipart("/api/datasets", form));
            String fail = generator(http, "fragile", "{\"split\": \"train\", \"batchSize\": 10, \"shuffle\": false, \"dtype\": \"uint8\"}");
            String skip = generator(http, "fragile", "{\"split\": \"train\", \"batchSize\": 10, \"shuffle\": false, \"onError\": \"skip\"}");
            INDArray first = images(batch(http, fail, 0, 0));
            assertThat(first.slice(0)).isNotEqualTo(first.slice(5));

            s3.put(BUCKET, "digits/" + prefix + "train/00000.png", mnist.resolve("train/00005.png"));
            assertThat(images(batch(http, fail, 0, 0)).slice(0)).isEqualTo(first.slice(5));

            s3.delete(BUCKET, "digits/" + prefix + "train/00003.png");
            HttpResponse<byte[]> failed = http.get("/api/generators/" + fail + "/epochs/0/batches/0", "application/x-npz");
            assertThat(failed.statusCode()).isEqualTo(422);
            JsonNode problem = Http.json(failed);
            assertThat(problem.get("type").asString()).isEqualTo("/problems/sample-unreadable");
            assertThat(problem.get("sample").asInt()).isEqualTo(3);
            assertThat(problem.get("detail").asString()).contains("Sample 3").contains("does not exist");
            assertThat(http.get("/api/generators/" + fail + "/epochs/0/batches/1", "application/x-npz").statusCode())
                    .isEqualTo(200);
            JsonNode skipped = http.getJson("/api/generators/" + skip + "/epochs/0/batches/0");
            assertThat(skipped.at("/skipped/0/index").asInt()).isEqualTo(3);
        }
    }

    /** The batch's first input, as ND4J reads the npz numpy reads. */
    private static INDArray images(byte[] npz) throws IOException {
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(npz))) {
            assertThat(zip.getNextEntry()).isNotNull();
            return Nd4j.createNpyFromByteArray(zip.readAllBytes());
        }
    }

    private static String[] withProps(String... more) {
        List<String> all = new java.util.ArrayList<>(List.of(s3.properties()));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    private static void register(Http http, String name, String baseDir) {
        Map<String, Object> form = new LinkedHashMap<>();
        form.put("name", name);
        form.put("baseDir", baseDir);
        for (String f : List.of("train-data", "train-label", "test-data", "test-label")) {
            form.put(f, mnist.resolve(f + ".txt"));
        }
        created(http.multipart("/api/datasets", form));
    }

    private static void created(HttpResponse<byte[]> r) {
        assertThat(r.statusCode()).as(Http.text(r)).isEqualTo(201);
    }

    private static String generator(Http http, String dataset, String json) {
        HttpResponse<byte[]> r = http.postJson("/api/datasets/" + dataset + "/generators", json);
        created(r);
        return Http.json(r).get("id").asString();
    }

    private static byte[] batch(Http http, String id, int epoch, int index) {
        return batch(http, id, epoch, index, "");
    }

    private static byte[] batch(Http http, String id, int epoch, int index, String query) {
        HttpResponse<byte[]> r = http.get("/api/generators/" + id + "/epochs/" + epoch + "/batches/" + index + query,
                "application/x-npz");
        assertThat(r.statusCode()).as(Http.text(r)).isEqualTo(200);
        return r.body();
    }

    private static byte[] text(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
}
