package dev.datagen.objects;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.datagen.support.FlakyProxy;
import dev.datagen.support.Fixtures;
import dev.datagen.support.Http;
import dev.datagen.support.Ports;
import dev.datagen.support.S3Proxy;
import dev.datagen.support.TestServer;
import tools.jackson.databind.JsonNode;

/**
 * What an operator meets with a bucket root: credentials the store refuses, a bucket that does not exist, a
 * store that is down when the service starts, and one that drops or throttles every tenth request. Each gets
 * a clear problem or health state, breaks nothing else, and no secret shows anywhere.
 */
@ExtendWith(OutputCaptureExtension.class)
class ObjectStoreFaultServerTest {

    private static final String BUCKET = "fault-test";
    private static Path mnist;

    @BeforeAll
    static void upload() {
        mnist = Fixtures.mnist(300, 100);
        S3Proxy.shared().upload(BUCKET, "digits/", mnist);
    }

    @Test
    void refusedCredentialsAndAMissingBucketAreDownWithTheReasonAndNoSecret(CapturedOutput output) throws IOException {
        try (S3Proxy other = S3Proxy.start(Ports.free(), "someone-else", "another-secret-91d2")) {
            other.upload(BUCKET, "digits/", mnist.resolve("train"));
            try (TestServer server = TestServer.startOn(Files.createTempDirectory(Fixtures.root(), "faults"),
                    List.of(Fixtures.root().toString(), "s3://" + BUCKET + "/digits", "s3://no-such-bucket/x"),
                    "datagen.s3.endpoint=" + other.endpoint(), "datagen.s3.path-style=true",
                    "datagen.s3.max-attempts=2")) {
                Http http = server.http();
                JsonNode health = Http.json(http.get("/actuator/health", "application/json"));
                assertThat(health.get("status").asString()).isEqualTo("DOWN");
                JsonNode roots = health.at("/components/dataRoots/details/roots");
                assertThat(roots.get("s3://" + BUCKET + "/digits/").get("reason").asString())
                        .contains("refused").contains("credentials");
                assertThat(roots.get("s3://no-such-bucket/x/").get("reason").asString())
                        .contains("refused"); // s3proxy checks the signature before it looks for the bucket
                assertThat(roots.get(Fixtures.root().toString()).get("status").asString()).isEqualTo("UP");

                HttpResponse<byte[]> refused = register(http, "denied", "s3://" + BUCKET + "/digits/");
                assertThat(refused.statusCode()).as(Http.text(refused)).isEqualTo(503);
                assertThat(Http.json(refused).get("type").asString()).isEqualTo("/problems/object-store-unavailable");
                assertThat(Http.json(refused).get("detail").asString()).contains("train-data, line 1")
                        .contains("refused");
                // the folder root keeps working
                assertThat(register(http, "local", mnist.toString()).statusCode()).isEqualTo(201);

                String everything = Http.text(http.get("/actuator/health", "application/json"))
                        + Http.text(http.get("/actuator/info", "application/json"))
                        + Http.text(refused) + Http.text(http.get("/datasets/local", "text/html"))
                        + Http.text(http.get("/", "text/html")) + output.getAll();
                assertThat(everything).doesNotContain(S3Proxy.CREDENTIAL).doesNotContain("another-secret-91d2");
            }
        }
        try (TestServer server = TestServer.startOn(Files.createTempDirectory(Fixtures.root(), "faults"),
                List.of("s3://no-such-bucket/x"), S3Proxy.shared().properties())) {
            JsonNode roots = server.http().getJson("/actuator/health").at("/components/dataRoots/details/roots");
            assertThat(roots.get("s3://no-such-bucket/x/").get("reason").asString())
                    .contains("'no-such-bucket' does not exist");
            HttpResponse<byte[]> missing = register(server.http(), "nothing", "s3://no-such-bucket/x/");
            assertThat(missing.statusCode()).isBetween(400, 499);
            assertThat(Http.json(missing).get("detail").asString()).contains("does not exist");
            assertThat(output.getAll()).doesNotContain(S3Proxy.CREDENTIAL);
        }
    }

    @Test
    void aStoreDownAtStartUpIsDownUntilItComesBack() throws Exception {
        int port = Ports.free();
        try (TestServer server = TestServer.startOn(Files.createTempDirectory(Fixtures.root(), "faults"),
                List.of("s3://" + BUCKET + "/digits"), "datagen.s3.endpoint=http://127.0.0.1:" + port,
                "datagen.s3.path-style=true", "datagen.s3.max-attempts=2")) {
            Http http = server.http();
            JsonNode down = http.getJson("/actuator/health").at("/components/dataRoots/details/roots/s3:~1~1"
                    + BUCKET + "~1digits~1");
            assertThat(down.get("status").asString()).isEqualTo("DOWN");
            assertThat(down.get("reason").asString()).contains("could not be reached");
            HttpResponse<byte[]> refused = register(http, "early", "s3://" + BUCKET + "/digits/");
            assertThat(refused.statusCode()).as(Http.text(refused)).isEqualTo(503);
            assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(refused.headers().firstValue("Retry-After")).isPresent();
            assertThat(Http.json(refused).get("detail").asString()).contains("could not be reached");
            assertThat(http.getJson("/api/datasets").toString()).doesNotContain("early");

            try (S3Proxy late = S3Proxy.start(port, S3Proxy.IDENTITY, S3Proxy.CREDENTIAL)) {
                late.upload(BUCKET, "digits/", mnist);
                long deadline = System.nanoTime() + 60_000_000_000L;
                String status = "DOWN";
                while (!status.equals("UP") && System.nanoTime() < deadline) {
                    Thread.sleep(1000);
                    status = http.getJson("/actuator/health").get("status").asString();
                }
                assertThat(status).isEqualTo("UP");
                HttpResponse<byte[]> registered = register(http, "late", "s3://" + BUCKET + "/digits/");
                assertThat(registered.statusCode()).as(Http.text(registered)).isEqualTo(201);
            }
            // gone again after registration: an outage, not unreadable samples, even for onError: skip
            HttpResponse<byte[]> g = http.postJson("/api/datasets/late/generators",
                    "{\"split\": \"train\", \"batchSize\": 10, \"onError\": \"skip\"}");
            HttpResponse<byte[]> batch = http.get("/api/generators/" + Http.json(g).get("id").asString()
                    + "/epochs/0/batches/0", "application/x-npz");
            assertThat(batch.statusCode()).as(Http.text(batch)).isEqualTo(503);
            assertThat(Http.json(batch).get("type").asString()).isEqualTo("/problems/object-store-unavailable");
            assertThat(batch.headers().firstValue("Retry-After")).isPresent();
        }
    }

    @Test
    void aStoreThatDropsOrThrottlesEveryTenthRequestIsRetriedToTheSameBytes() throws IOException {
        List<byte[]> direct = epoch(S3Proxy.shared().endpoint(), null);
        try (FlakyProxy flaky = new FlakyProxy(S3Proxy.shared().port(), 10)) {
            List<byte[]> retried = epoch(flaky.endpoint(), flaky);
            assertThat(flaky.failed()).isGreaterThan(40);
            assertThat(retried).hasSameSizeAs(direct);
            for (int i = 0; i < direct.size(); i++) {
                assertThat(retried.get(i)).as("batch %d", i).isEqualTo(direct.get(i));
            }
        }
    }

    /** Registers the digits from the bucket through {@code endpoint} and reads a whole epoch of them. */
    private static List<byte[]> epoch(String endpoint, FlakyProxy flaky) throws IOException {
        try (TestServer server = TestServer.startOn(Files.createTempDirectory(Fixtures.root(), "faults"),
                List.of("s3://" + BUCKET + "/digits"), "datagen.s3.endpoint=" + endpoint, "datagen.s3.path-style=true")) {
            Http http = server.http();
            HttpResponse<byte[]> r = register(http, "digits", "s3://" + BUCKET + "/digits/");
            assertThat(r.statusCode()).as(Http.text(r)).isEqualTo(201);
            HttpResponse<byte[]> g = http.postJson("/api/datasets/digits/generators",
                    "{\"split\": \"train\", \"batchSize\": 50, \"seed\": 11}");
            String id = Http.json(g).get("id").asString();
            List<byte[]> batches = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                HttpResponse<byte[]> b = http.get("/api/generators/" + id + "/epochs/0/batches/" + i, "application/x-npz");
                assertThat(b.statusCode()).as(Http.text(b)).isEqualTo(200);
                batches.add(b.body());
            }
            return batches;
        }
    }

    private static HttpResponse<byte[]> register(Http http, String name, String baseDir) {
        Map<String, Object> form = new LinkedHashMap<>();
        form.put("name", name);
        form.put("baseDir", baseDir);
        for (String f : List.of("train-data", "train-label", "test-data", "test-label")) {
            form.put(f, mnist.resolve(f + ".txt"));
        }
        return http.multipart("/api/datasets", form);
    }
}
