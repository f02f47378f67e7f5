package dev.datagen.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.datagen.support.Fixtures;
import dev.datagen.support.TestServer;

/** With datagen.security.api-key set, writes need the bearer key and reads stay open. */
class ApiKeyServerTest {

    private static final String KEY = "correct horse battery staple";

    @Test
    void writesNeedTheKeyReadsDoNot() throws Exception {
        Path mnist = Fixtures.mnist(300, 100);
        Path storage = Files.createTempDirectory(Fixtures.root(), "security");
        try (TestServer server = TestServer.start(storage, List.of(Fixtures.root()), "datagen.security.api-key=" + KEY)) {
            HttpClient client = HttpClient.newHttpClient();
            String base = server.http().base();
            String body = "{\"name\": \"guarded\", \"splits\": {\"train\": \"" + classTree(mnist) + "\"}}";

            HttpResponse<String> anonymous = send(client, post(base + "/api/datasets/from-directory", body).build());
            assertThat(anonymous.statusCode()).isEqualTo(401);
            assertThat(anonymous.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
            assertThat(anonymous.body()).contains("/problems/unauthorized");

            for (String wrong : List.of("Bearer wrong", "Bearer " + KEY + "x", "Basic " + KEY, KEY)) {
                HttpResponse<String> r = send(client, post(base + "/api/datasets/from-directory", body)
                        .header("Authorization", wrong).build());
                assertThat(r.statusCode()).as(wrong).isEqualTo(401);
            }
            assertThat(server.http().getJson("/api/datasets").size()).isZero();

            HttpResponse<String> ok = send(client, post(base + "/api/datasets/from-directory", body)
                    .header("Authorization", "Bearer " + KEY).build());
            assertThat(ok.statusCode()).as(ok.body()).isEqualTo(201);

            HttpResponse<String> gen = send(client, post(base + "/api/datasets/guarded/generators", "{\"split\": \"train\"}").build());
            assertThat(gen.statusCode()).isEqualTo(401);
            gen = send(client, post(base + "/api/datasets/guarded/generators", "{\"split\": \"train\", \"batchSize\": 10}")
                    .header("Authorization", "bearer " + KEY).build());
            assertThat(gen.statusCode()).isEqualTo(201);
            String id = gen.body().replaceAll(".*\"id\":\"([^\"]+)\".*", "$1");

            assertThat(server.http().get("/api/generators/" + id + "/epochs/0/batches/0", "*/*").statusCode()).isEqualTo(200);
            assertThat(server.http().get("/api/datasets/guarded", "application/json").statusCode()).isEqualTo(200);
            assertThat(server.http().get("/actuator/health", "application/json").statusCode()).isEqualTo(200);
            assertThat(server.http().delete("/api/datasets/guarded").statusCode()).isEqualTo(401);
            assertThat(server.http().get("/api/datasets/guarded", "application/json").statusCode()).isEqualTo(200);
            HttpResponse<String> deleted = send(client, HttpRequest.newBuilder(URI.create(base + "/api/datasets/guarded"))
                    .header("Authorization", "Bearer " + KEY).DELETE().build());
            assertThat(deleted.statusCode()).isEqualTo(204);
        }
    }

    private static HttpRequest.Builder post(String url, String json) {
        return HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
    }

    private static HttpResponse<String> send(HttpClient client, HttpRequest request) throws IOException, InterruptedException {
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static Path classTree(Path mnist) throws IOException {
        Path tree = Fixtures.root().resolve("security-tree");
        for (int i = 0; i < 20; i++) {
            Path dest = tree.resolve(i % 2 == 0 ? "even" : "odd").resolve(i + ".png");
            Files.createDirectories(dest.getParent());
            if (!Files.exists(dest)) {
                Files.copy(mnist.resolve(String.format("train/%05d.png", i)), dest);
            }
        }
        return tree;
    }

    @Test
    void aBlankKeyStopsStartUpRatherThanQuietlyLeavingChangesOpen() throws Exception {
        Path storage = Files.createTempDirectory(Fixtures.root(), "blank-key");
        for (String blank : List.of("", "   ")) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> TestServer.start(storage, List.of(Fixtures.root()),
                    "datagen.security.api-key=" + blank).close())
                    .as("api key '%s'", blank)
                    .rootCause().hasMessageContaining("datagen.security.api-key is set but blank");
        }
    }
}
