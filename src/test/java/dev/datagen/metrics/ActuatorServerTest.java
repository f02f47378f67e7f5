package dev.datagen.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.datagen.support.Http;
import dev.datagen.support.TestServer;
import tools.jackson.databind.JsonNode;

/**
 * The real service's actuator: exactly health, info, metrics and prometheus; health has a storage component
 * and a data-roots component that go DOWN when a root disappears or free space falls below the threshold.
 */
class ActuatorServerTest {

    @TempDir
    Path tmp;

    @Test
    void exposesOnlyHealthInfoMetricsAndPrometheusAndReportsStorageAndDataRoots() throws Exception {
        Path storage = tmp.resolve("storage");
        Path first = Files.createDirectories(tmp.resolve("images"));
        Path second = Files.createDirectories(tmp.resolve("more-images"));
        try (TestServer server = TestServer.start(storage, List.of(first, second))) {
            Http http = server.http();

            JsonNode links = http.getJson("/actuator").get("_links");
            Set<String> names = new TreeSet<>(links.propertyNames());
            assertThat(names).containsExactlyInAnyOrder("self", "health", "health-path", "info", "metrics",
                    "metrics-requiredMetricName", "prometheus");
            for (String hidden : List.of("env", "beans", "configprops", "heapdump", "threaddump", "loggers",
                    "mappings", "conditions", "scheduledtasks", "caches", "sbom", "startup", "shutdown",
                    "httpexchanges", "flyway", "liquibase", "logfile", "auditevents", "sessions")) {
                assertThat(http.get("/actuator/" + hidden, "application/json").statusCode()).as(hidden).isEqualTo(404);
            }
            assertThat(post(http.base() + "/actuator/shutdown")).isIn(404, 405);

            HttpResponse<byte[]> healthResponse = http.get("/actuator/health", "application/json");
            JsonNode health = Http.json(healthResponse);
            assertThat(healthResponse.statusCode()).as(health.toString()).isEqualTo(200);
            assertThat(health.get("status").asString()).isEqualTo("UP");
            JsonNode store = health.at("/components/storage");
            assertThat(store.get("status").asString()).isEqualTo("UP");
            assertThat(store.at("/details/path").asString()).isEqualTo(storage.toAbsolutePath().normalize().toString());
            assertThat(store.at("/details/writable").asBoolean()).isTrue();
            assertThat(store.at("/details/free").asLong()).isPositive();
            assertThat(store.at("/details/threshold").asLong()).isEqualTo(100L * 1024 * 1024);
            JsonNode roots = health.at("/components/dataRoots");
            assertThat(roots.get("status").asString()).isEqualTo("UP");
            for (Path root : List.of(first, second)) {
                JsonNode r = roots.at("/details/roots").get(root.toAbsolutePath().normalize().toString());
                assertThat(r).as(roots.toString()).isNotNull();
                assertThat(r.get("status").asString()).isEqualTo("UP");
                assertThat(r.get("readable").asBoolean()).isTrue();
                assertThat(r.get("free").asLong()).isPositive();
            }

            JsonNode info = http.getJson("/actuator/info");
            assertThat(info.at("/build/version").asString()).isEqualTo("0.1.0-SNAPSHOT");
            assertThat(info.at("/build/artifact").asString()).isEqualTo("datagen");
            assertThat(info.at("/git/commit/id").asString()).matches("[0-9a-f]{7,40}");
            assertThat(info.at("/datagen/datasets").asLong()).isZero();
            assertThat(info.at("/datagen/dataRoots").asInt()).isEqualTo(2);

            List<String> meters = new ArrayList<>();
            http.getJson("/actuator/metrics").get("names").forEach(n -> meters.add(n.asString()));
            assertThat(meters).contains("datagen.cache.hits", "datagen.cache.misses", "datagen.decode",
                    "datagen.prefetch.hits", "datagen.registrations");
            assertThat(http.get("/actuator/metrics/datagen.cache.hits", "application/json").statusCode()).isEqualTo(200);

            // a data root that disappears (an unmounted volume) makes the service DOWN, and says which
            Files.delete(second);
            HttpResponse<byte[]> down = http.get("/actuator/health", "application/json");
            JsonNode d = Http.json(down);
            assertThat(down.statusCode()).isEqualTo(503);
            assertThat(d.get("status").asString()).isEqualTo("DOWN");
            assertThat(d.at("/components/storage/status").asString()).isEqualTo("UP");
            assertThat(d.at("/components/dataRoots/status").asString()).isEqualTo("DOWN");
            JsonNode gone = d.at("/components/dataRoots/details/roots").get(second.toAbsolutePath().normalize().toString());
            assertThat(gone.get("status").asString()).isEqualTo("DOWN");
            assertThat(gone.get("reason").asString()).isEqualTo("the folder does not exist");
            assertThat(d.at("/components/dataRoots/details/roots").get(first.toAbsolutePath().normalize().toString())
                    .get("status").asString()).isEqualTo("UP");
        }
    }

    @Test
    void storageIsDownWhenFreeSpaceIsBelowTheThreshold() {
        Path storage = tmp.resolve("storage");
        try (TestServer server = TestServer.start(storage, List.of(tmp.resolve("images")),
                "datagen.health.min-free-space=100000TB")) {
            HttpResponse<byte[]> response = server.http().get("/actuator/health", "application/json");
            JsonNode health = Http.json(response);
            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(health.at("/components/storage/status").asString()).isEqualTo("DOWN");
            assertThat(health.at("/components/storage/details/reason").asString())
                    .contains("below datagen.health.min-free-space");
            assertThat(health.at("/components/dataRoots/status").asString()).isEqualTo("UP");
        }
    }

    private static int post(String url) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
