package dev.datagen.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTTP side of the client against a scripted server: problem details, retries, the multipart form. */
class DataGenClientTest {

    private static final RetryPolicy FAST = new RetryPolicy(4, Duration.ofMillis(50), Duration.ofSeconds(1), 2.0);

    private HttpServer server;
    private final List<String> requests = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    /** A server answering every request with the next of {@code answers} (the last one repeats). */
    private DataGenClient serve(Answer... answers) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        AtomicInteger n = new AtomicInteger();
        server.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + "\n"
                    + exchange.getRequestHeaders().getFirst("Content-Type") + "\n"
                    + new String(body, StandardCharsets.UTF_8));
            answers[Math.min(n.getAndIncrement(), answers.length - 1)].send(exchange);
        });
        server.start();
        return DataGenClient.builder(URI.create("http://127.0.0.1:" + server.getAddress().getPort())).retry(FAST)
                .build();
    }

    private record Answer(int status, String type, String body) {
        void send(HttpExchange exchange) throws IOException {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", type);
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        }
    }

    private static final String GENERATOR = """
            {"id": "g1", "dataset": "mnist", "settings": {"split": "train", "batchSize": 64, "shuffle": true,
             "seed": 7, "dropLast": false, "dtype": "float32", "layout": "NCHW", "numShards": 1, "onError": "fail"},
             "samplesPerEpoch": 100, "batchesPerEpoch": 2, "lastBatchSize": 36,
             "shards": [{"shard": 0, "samples": 100, "batches": 2}],
             "arrays": [{"name": "image", "role": "input", "shape": [64, 1, 28, 28], "dtype": "float32"},
                        {"name": "label", "role": "output", "shape": [64, 10], "dtype": "float32"}],
             "bytesPerBatch": 203264, "createdAt": "2026-01-01T00:00:00Z", "links": {}}""";

    @Test
    void aProblemDetailBecomesADataGenExceptionWithItsProperties() throws IOException {
        DataGenClient client = serve(new Answer(400, "application/problem+json", """
                {"type": "/problems/invalid-generator", "title": "Invalid generator", "status": 400,
                 "detail": "batchSize must be from 1 to 8192, got 0.", "instance": "/api/datasets/mnist/generators",
                 "field": "batchSize", "line": 3}"""));
        DataGenException e = assertThrows(DataGenException.class,
                () -> client.createGenerator("mnist", GeneratorSettings.of("train").batchSize(0)));
        assertEquals(400, e.status());
        assertEquals("/problems/invalid-generator", e.type());
        assertEquals("Invalid generator", e.title());
        assertEquals("batchSize must be from 1 to 8192, got 0.", e.detail());
        assertEquals(Map.of("field", "batchSize", "line", 3), e.properties());
        assertTrue(e.getMessage().contains("batchSize must be from 1 to 8192"), e.getMessage());
        assertTrue(requests.get(0).contains("{\"split\":\"train\",\"batchSize\":0}"), requests.get(0));
    }

    @Test
    void anErrorThatIsNotAProblemDetailIsReportedWithItsText() throws IOException {
        DataGenClient client = serve(new Answer(404, "text/html", "<h1>no such page</h1>"));
        DataGenException e = assertThrows(DataGenException.class, () -> client.generator("g1"));
        assertEquals(404, e.status());
        assertEquals("about:blank", e.type());
        assertEquals("<h1>no such page</h1>", e.detail());
    }

    @Test
    void readsAreRetriedAfterTransientAnswers() throws IOException {
        DataGenClient client = serve(new Answer(503, "application/problem+json", "{\"status\": 503}"),
                new Answer(502, "text/plain", "bad gateway"), new Answer(200, "application/json", GENERATOR));
        GeneratorInfo g = client.generator("g1");
        assertEquals(3, requests.size());
        assertEquals(2, g.batchesPerEpoch());
        assertEquals(GeneratorSettings.Layout.NCHW, g.settings().layout());
        assertEquals(784, g.inputs().get(0).valuesPerSample());
    }

    @Test
    void retriesOfTransientAnswersAreBoundedAndEndWithTheLastProblem() throws IOException {
        DataGenClient client = serve(new Answer(503, "application/problem+json",
                "{\"type\": \"/problems/storage-unavailable\", \"status\": 503, \"detail\": \"down\"}"));
        DataGenException e = assertThrows(DataGenException.class, () -> client.generator("g1"));
        assertEquals(503, e.status());
        assertEquals(4, requests.size());
    }

    @Test
    void aRegistrationIsNeverSentTwice() throws IOException {
        DataGenClient client = serve(new Answer(503, "application/problem+json", "{\"status\": 503}"));
        assertThrows(DataGenException.class, () -> client.register(ListFileRegistration.named("x")
                .part("train-data", "a.png\n").part("train-label", "1 0\n")));
        assertEquals(1, requests.size());
    }

    @Test
    void retriesAgainstADeadPortAreBoundedInCountAndTime() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        DataGenClient client = DataGenClient.builder(URI.create("http://127.0.0.1:" + port)).retry(FAST).build();
        long start = System.nanoTime();
        DataGenUnreachableException e = assertThrows(DataGenUnreachableException.class, () -> client.generator("g1"));
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(4, e.attempts());
        assertTrue(millis >= 50 + 100 + 200, "waited only " + millis + " ms");
        assertTrue(millis < 5_000, "took " + millis + " ms");
        assertTrue(e.getMessage().contains("after 4 attempts"), e.getMessage());
        // a registration that never reached the server is safe to send again
        DataGenUnreachableException post = assertThrows(DataGenUnreachableException.class,
                () -> client.createGenerator("mnist", GeneratorSettings.of("train")));
        assertEquals(4, post.attempts());
    }

    @Test
    void theMultipartFormCarriesFieldsAndFilesAsAFormDecoderReadsThem(@TempDir Path dir) throws IOException {
        Path data = Files.writeString(dir.resolve("train-data.txt"), "train/00000.png\ntrain/00001.png\n");
        DataGenClient client = serve(new Answer(201, "application/json",
                "{\"name\": \"x\", \"inputs\": [], \"outputs\": [], \"splits\": {}, \"imagesChecked\": 2}"));
        DatasetInfo info = client.register(ListFileRegistration.named("x").baseDir("/data/x")
                .spec("{\"inputs\": {}}").part("train-data", data).part("train-label.digit", "1 0\n0 1\n"));
        assertEquals(2L, info.imagesChecked());
        String[] request = requests.get(0).split("\n", 3);
        assertEquals("POST /api/datasets", request[0]);
        String boundary = request[1].substring(request[1].indexOf("boundary=") + "boundary=".length());
        assertTrue(request[1].startsWith("multipart/form-data; boundary="), request[1]);
        String b = "--" + boundary + "\r\n";
        assertEquals(b + "Content-Disposition: form-data; name=\"name\"\r\n\r\nx\r\n"
                + b + "Content-Disposition: form-data; name=\"baseDir\"\r\n\r\n/data/x\r\n"
                + b + "Content-Disposition: form-data; name=\"spec\"\r\n\r\n{\"inputs\": {}}\r\n"
                + b + "Content-Disposition: form-data; name=\"train-data\"; filename=\"train-data.txt\"\r\n"
                + "Content-Type: text/plain\r\n\r\ntrain/00000.png\ntrain/00001.png\n\r\n"
                + b + "Content-Disposition: form-data; name=\"train-label.digit\"; filename=\"train-label.digit.txt\"\r\n"
                + "Content-Type: text/plain\r\n\r\n1 0\n0 1\n\r\n"
                + "--" + boundary + "--\r\n", request[2]);
    }

    @Test
    void partNamesFollowTheListFileConvention() {
        ListFileRegistration r = ListFileRegistration.named("x");
        assertThrows(IllegalArgumentException.class, () -> r.part("train", "a\n"));
        assertThrows(IllegalArgumentException.class, () -> r.part("train-data", "a\n").part("train-data", "b\n"));
        assertEquals("a%22b%0D%0A", Multipart.quote("a\"b\r\n"));
    }

    @Test
    void pathSegmentsArePercentEncoded() {
        assertEquals("mnist-1.a_b~", DataGenClient.segment("mnist-1.a_b~"));
        assertEquals("a%2Fb%20c%C3%A9", DataGenClient.segment("a/b cé"));
    }
}
