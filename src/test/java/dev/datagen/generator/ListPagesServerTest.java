package dev.datagen.generator;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.datagen.support.Fixtures;
import dev.datagen.support.Http;
import dev.datagen.support.TestServer;
import tools.jackson.databind.JsonNode;

/**
 * Every listing is a page: with hundreds of generators of hundreds of shards, one answer stays bounded
 * (thousands of generators came close to a gigabyte in one answer), and the pages together list each one
 * exactly once, with X-Total-Count and Link telling a client where the rest is.
 */
class ListPagesServerTest {

    @Test
    void generatorListingsComeInBoundedPagesThatTogetherListEachGeneratorOnce() throws Exception {
        Path mnist = Fixtures.mnist(300, 100);
        Path work = Files.createTempDirectory(Fixtures.root(), "pages");
        try (TestServer server = TestServer.start(work.resolve("storage"), List.of(Fixtures.root()))) {
            Http http = server.http();
            Map<String, Object> form = new LinkedHashMap<>();
            form.put("name", "paged");
            form.put("baseDir", mnist.toString());
            form.put("train-data", mnist.resolve("train-data.txt"));
            form.put("train-label", mnist.resolve("train-label.txt"));
            assertThat(http.multipart("/api/datasets", form).statusCode()).isEqualTo(201);
            for (int i = 0; i < 250; i++) {
                assertThat(http.postJson("/api/datasets/paged/generators",
                        "{\"split\": \"train\", \"batchSize\": 1, \"numShards\": 300}").statusCode()).isEqualTo(201);
            }

            HttpResponse<byte[]> first = http.get("/api/generators", "application/json");
            assertThat(Http.json(first).size()).isEqualTo(100);
            assertThat(first.headers().firstValue("X-Total-Count")).hasValue("250");
            assertThat(first.headers().firstValue("Link").orElseThrow())
                    .contains("</api/generators?page=1&size=100>; rel=\"next\"")
                    .contains("</api/generators?page=2&size=100>; rel=\"last\"");
            assertThat(first.body().length).as("bytes of one default page").isLessThan(4 << 20);

            Set<String> ids = new HashSet<>();
            int listed = 0;
            for (int page = 0; page < 2; page++) {
                JsonNode items = http.getJson("/api/datasets/paged/generators?page=" + page + "&size=200");
                listed += items.size();
                items.forEach(g -> ids.add(g.get("id").asString()));
            }
            assertThat(listed).isEqualTo(250);
            assertThat(ids).hasSize(250);
            assertThat(http.getJson("/api/generators?page=2&size=100").size()).isEqualTo(50);
            assertThat(http.getJson("/api/generators?page=9").size()).isZero();
            HttpResponse<byte[]> tooMany = http.get("/api/generators?size=201", "application/json");
            assertThat(tooMany.statusCode()).isEqualTo(400);
            assertThat(Http.json(tooMany).get("parameter").asString()).isEqualTo("size");

            // the home page shows the newest and says how many there are, rather than rendering all of them
            String home = Http.text(http.get("/", "text/html"));
            assertThat(home).contains("id=\"generators-shown\"").contains("<span>250</span>");
        }
    }
}
