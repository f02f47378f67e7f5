package dev.datagen.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.datagen.support.Fixtures;
import dev.datagen.support.Http;
import dev.datagen.support.TestServer;

/**
 * Deleting answers at once however large the dataset (a million samples took 40 s in the request): the
 * dataset is gone from the API immediately, its name is free again, and its samples go in the background.
 * A generator created while its dataset is deleted is a 404, never a storage failure.
 */
class DatasetDeleteServerTest {

    @Test
    void aLargeDatasetIsGoneAtOnceAndItsSamplesArePurgedBehind() throws Exception {
        Path mnist = Fixtures.mnist(300, 100);
        Path work = Files.createTempDirectory(Fixtures.root(), "delete");
        try (TestServer server = TestServer.start(work.resolve("storage"), List.of(Fixtures.root()))) {
            Http http = server.http();
            assertThat(http.multipart("/api/datasets", form("large", mnist)).statusCode()).isEqualTo(201);
            assertThat(http.postJson("/api/datasets/large/generators", "{\"split\": \"train\"}").statusCode())
                    .isEqualTo(201);
            // grow it to 400,300 samples the way a registration would leave them: rows, and a descriptor that counts them
            JdbcTemplate jdbc = server.bean(JdbcTemplate.class);
            long id = jdbc.queryForObject("SELECT id FROM dataset WHERE name = 'large'", Long.class);
            List<Object[]> rows = new ArrayList<>();
            for (int i = 300; i < 400_300; i++) {
                rows.add(new Object[] {id, i, mnist.resolve("train/00000.png").toString()});
                if (rows.size() == 20_000) {
                    jdbc.batchUpdate("INSERT INTO sample (dataset_id, split, idx, paths) VALUES (?, 'train', ?, ?)", rows);
                    rows.clear();
                }
            }
            jdbc.update("UPDATE dataset SET descriptor = REPLACE(descriptor, '\"samples\":300,', '\"samples\":400300,') "
                    + "WHERE id = ?", id);
            assertThat(http.getJson("/api/datasets/large").at("/splits/train/samples").asInt()).isEqualTo(400_300);

            long started = System.nanoTime();
            HttpResponse<byte[]> deleted = http.delete("/api/datasets/large");
            double seconds = (System.nanoTime() - started) / 1e9;

            assertThat(deleted.statusCode()).isEqualTo(204);
            assertThat(seconds).as("seconds to answer the delete").isLessThan(2);
            assertThat(http.get("/api/datasets/large", "application/json").statusCode()).isEqualTo(404);
            assertThat(http.getJson("/api/datasets").size()).isZero();
            assertThat(http.getJson("/api/generators").size()).isZero();
            // the name is free at once, while the old samples are still being removed
            assertThat(http.multipart("/api/datasets", form("large", mnist)).statusCode()).isEqualTo(201);
            assertThat(http.getJson("/api/datasets/large").at("/splits/train/samples").asInt()).isEqualTo(300);
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
            while (jdbc.queryForObject("SELECT COUNT(*) FROM sample WHERE dataset_id = ?", Long.class, id) > 0
                    && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM sample WHERE dataset_id = ?", Long.class, id)).isZero();
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM dataset WHERE id = ?", Long.class, id)).isZero();
        }
    }

    @Test
    void generatorsCreatedWhileTheirDatasetIsDeletedAre201Or404NeverAStorageFailure() throws Exception {
        Path mnist = Fixtures.mnist(300, 100);
        Path work = Files.createTempDirectory(Fixtures.root(), "race");
        try (TestServer server = TestServer.start(work.resolve("storage"), List.of(Fixtures.root()))) {
            Http http = server.http();
            List<Integer> statuses = new ArrayList<>();
            for (int round = 0; round < 15; round++) {
                assertThat(http.multipart("/api/datasets", form("racing", mnist)).statusCode()).isEqualTo(201);
                List<CompletableFuture<Integer>> creates = new ArrayList<>();
                for (int i = 0; i < 6; i++) {
                    creates.add(CompletableFuture.supplyAsync(() -> http.postJson("/api/datasets/racing/generators",
                            "{\"split\": \"train\"}").statusCode()));
                }
                assertThat(http.delete("/api/datasets/racing").statusCode()).isEqualTo(204);
                for (CompletableFuture<Integer> c : creates) {
                    statuses.add(c.get(1, TimeUnit.MINUTES));
                }
            }
            assertThat(statuses).containsOnly(201, 404);
            assertThat(http.get("/actuator/health", "application/json").statusCode()).isEqualTo(200);
            assertThat(http.getJson("/api/generators").size()).as("no generator outlives its dataset").isZero();
        }
    }

    private static Map<String, Object> form(String name, Path mnist) {
        Map<String, Object> form = new LinkedHashMap<>();
        form.put("name", name);
        form.put("baseDir", mnist.toString());
        form.put("train-data", mnist.resolve("train-data.txt"));
        form.put("train-label", mnist.resolve("train-label.txt"));
        return form;
    }
}
