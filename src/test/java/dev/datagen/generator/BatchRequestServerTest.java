package dev.datagen.generator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.datagen.support.Fixtures;
import dev.datagen.support.Http;
import dev.datagen.support.Prometheus;
import dev.datagen.support.Python;
import dev.datagen.support.TestServer;

/**
 * Batch requests as trainers send them (Accept naming one format) are answered by {@link BatchRequestFilter};
 * any other Accept goes through Spring MVC. On the real service with MNIST digits: both paths give the same
 * bytes, headers and problems, and the filter's requests are timed under their URI pattern.
 */
class BatchRequestServerTest {

    static TestServer server;
    static Http http;
    static String id;

    @BeforeAll
    static void start() throws IOException {
        Path mnist = Fixtures.mnist(300, 100);
        server = TestServer.start(Files.createTempDirectory(Fixtures.root(), "batch-request-test"),
                List.of(Fixtures.root()));
        http = server.http();
        HttpResponse<byte[]> registered = http.multipart("/api/datasets", Map.of("name", "digits",
                "baseDir", mnist.toString(), "train-data", mnist.resolve("train-data.txt"),
                "train-label", mnist.resolve("train-label.txt")));
        assertThat(registered.statusCode()).as(Http.text(registered)).isEqualTo(201);
        HttpResponse<byte[]> created = http.postJson("/api/datasets/digits/generators",
                "{\"split\": \"train\", \"batchSize\": 64, \"seed\": 5, \"dtype\": \"uint8\", \"numShards\": 2}");
        assertThat(created.statusCode()).as(Http.text(created)).isEqualTo(201);
        id = Http.json(created).get("id").asString();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** The same request as a trainer sends it and as Spring MVC's content negotiation would take it. */
    private static HttpResponse<byte[]>[] both(String path, String type) {
        @SuppressWarnings("unchecked")
        HttpResponse<byte[]>[] r = new HttpResponse[] {http.get(path, type), http.get(path, type + ", application/json;q=0.1")};
        return r;
    }

    private static Map<String, List<String>> headers(HttpResponse<byte[]> r) {
        Map<String, List<String>> h = new TreeMap<>(r.headers().map());
        h.remove("date");
        return h;
    }

    private static Map<String, List<String>> unframed(HttpResponse<byte[]> r) {
        Map<String, List<String>> h = headers(r);
        h.remove("content-length");
        h.remove("transfer-encoding");
        return h;
    }

    @Test
    void everyFormatGivesTheBytesAndHeadersOfSpringMvcForTheSameBatch() {
        for (String type : List.of("application/x-npy", "application/x-npz", "application/x-nd4j")) {
            for (String path : List.of("/api/generators/" + id + "/epochs/2/batches/1?shard=1",
                    "/api/generators/" + id + "/epochs/7/batches/0?shard=0&numShards=3&from=5")) {
                HttpResponse<byte[]>[] r = both(path, type);
                assertThat(r[0].statusCode()).as(Http.text(r[0])).isEqualTo(200);
                assertThat(r[0].body()).as(type + " " + path).isEqualTo(r[1].body());
                assertThat(headers(r[0])).as(type + " " + path).isEqualTo(headers(r[1]));
            }
        }
    }

    /**
     * A trainer reading npz in order gets batches built ahead with their zip checksums already computed: the
     * same bytes as Spring MVC's for the same batch (built on demand, checksummed while written), and numpy
     * checks each entry's CRC as it reads it.
     */
    @Test
    void npzBatchesBuiltAheadForAnNpzReaderAreSpringMvcsBytesAndPassNumpysChecks() throws IOException {
        String base = "/api/generators/" + id + "/epochs/4/batches/";
        List<String> shapes = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            // the whole epoch to one shard (an elastic resume), for three full batches in a row
            String query = "?shard=0&numShards=1";
            byte[] read = http.get(base + i + query, "application/x-npz").body();
            byte[] again = http.get(base + i + query, "application/x-npz, application/json;q=0.1").body();
            assertThat(read).as("batch " + i).isEqualTo(again);
            Path file = Files.write(Files.createTempFile(Fixtures.root(), "batch", ".npz"), read);
            shapes.add(Python.run(Python.PATH_PYTHON, """
                    import sys, zipfile, numpy as np
                    assert zipfile.ZipFile(sys.argv[1]).testzip() is None
                    z = np.load(sys.argv[1])
                    print(z['image'].shape, z['label'].shape)
                    """, file.toString()));
        }
        assertThat(shapes).containsOnly("(64, 28, 28, 1) (64, 10)").hasSize(3);
    }

    @Test
    void numpyReadsTheNpyStreamTheFilterSends() throws IOException {
        byte[] body = http.get("/api/generators/" + id + "/epochs/0/batches/1?shard=1", "application/x-npy").body();
        Path file = Files.write(Files.createTempFile(Fixtures.root(), "batch", ".npy"), body);
        assertThat(Python.run(Python.PATH_PYTHON, """
                import io, sys, numpy as np
                f = io.BytesIO(open(sys.argv[1], 'rb').read())
                x = np.load(f); y = np.load(f)
                print(x.shape, x.dtype, y.shape, y.dtype, f.tell() == len(f.getvalue()), x.max() > 0)
                """, file.toString())).isEqualTo("(64, 28, 28, 1) uint8 (64, 10) float32 True True");
    }

    @Test
    void refusalsAreTheProblemsSpringMvcSends() {
        for (String path : List.of("/api/generators/no-such-generator/epochs/0/batches/0",
                "/api/generators/" + id + "/epochs/0/batches/99?shard=0",
                "/api/generators/" + id + "/epochs/0/batches/0",
                "/api/generators/" + id + "/epochs/0/batches/0?shard=2",
                "/api/generators/" + id + "/epochs/0/batches/0?shard=x",
                "/api/generators/" + id + "/epochs/0/batches/0?shard=0&numShards=0",
                "/api/generators/" + id + "/epochs/99999999999999999999/batches/0?shard=0",
                "/api/generators/" + id + "/epochs/0/batches/0?shard=0&shard=1")) {
            HttpResponse<byte[]>[] r = both(path, "application/x-npz");
            assertThat(r[0].statusCode()).as(path).isBetween(400, 499).isEqualTo(r[1].statusCode());
            assertThat(r[0].headers().firstValue("Content-Type")).as(path).hasValue("application/problem+json");
            assertThat(Http.json(r[0])).as(path).isEqualTo(Http.json(r[1]));
            // how the body is framed (Content-Length or chunks) is the container's choice for a problem
            assertThat(unframed(r[0])).as(path).isEqualTo(unframed(r[1]));
        }
    }

    @Test
    void theFiltersRequestsAreTimedUnderTheirUriPattern() {
        String uri = "/api/generators/{id}/epochs/{epoch}/batches/{index}";
        double before = Prometheus.scrape(http).value("http_server_requests_seconds_count", "method", "GET", "uri", uri,
                "status", "200");
        for (int i = 0; i < 3; i++) {
            assertThat(http.get("/api/generators/" + id + "/epochs/1/batches/" + i + "?shard=0", "application/x-npy")
                    .statusCode()).isEqualTo(200);
        }
        Prometheus after = Prometheus.scrape(http);
        assertThat(after.value("http_server_requests_seconds_count", "method", "GET", "uri", uri, "status", "200"))
                .isEqualTo(before + 3);
        assertThat(after.has("http_server_requests_seconds_count", "uri", "UNKNOWN")).isFalse();
    }
}
