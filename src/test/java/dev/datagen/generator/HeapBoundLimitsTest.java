package dev.datagen.generator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
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

import dev.datagen.DatagenApplication;
import dev.datagen.support.ChildServer;
import dev.datagen.support.Fixtures;
import dev.datagen.support.Http;

/**
 * The memory limits follow the heap the service was given. With -Xmx256m the largest batch is 32 MB and
 * batches in flight hold at most 64 MB, so many trainers asking for big batches at once wait their turn
 * instead of running the heap out (the default of 1 GB per batch did, with two requests); a limit set
 * beyond the heap stops start-up.
 */
class HeapBoundLimitsTest {

    @Test
    void batchesFollowTheHeapAndConcurrentBigOnesAllArriveWithoutRunningItOut() throws Exception {
        Path mnist = Fixtures.mnist(300, 100);
        Path work = Files.createTempDirectory(Fixtures.root(), "heap");
        try (ChildServer server = ChildServer.start(work.resolve("storage"), List.of(Fixtures.root()),
                List.of("-Xmx256m"))) {
            Http http = server.http();
            Map<String, Object> form = new LinkedHashMap<>();
            form.put("name", "big");
            form.put("baseDir", mnist.toString());
            form.put("train-data", mnist.resolve("train-data.txt"));
            form.put("train-label", mnist.resolve("train-label.txt"));
            // 224x224 RGB float32: 602 KB a sample
            form.put("spec", "{\"inputs\": {\"image\": {\"size\": [224, 224], \"color\": \"rgb\"}}}");
            assertThat(http.multipart("/api/datasets", form).statusCode()).isEqualTo(201);

            HttpResponse<byte[]> tooBig = http.postJson("/api/datasets/big/generators",
                    "{\"split\": \"train\", \"batchSize\": 100}");
            assertThat(tooBig.statusCode()).isEqualTo(400);
            assertThat(Http.json(tooBig).get("detail").asString())
                    .contains("datagen.limits.max-batch-bytes (" + (256L << 20) / 8 + ")");

            HttpResponse<byte[]> created = http.postJson("/api/datasets/big/generators",
                    "{\"split\": \"train\", \"batchSize\": 50, \"seed\": 3}");
            assertThat(created.statusCode()).as(Http.text(created)).isEqualTo(201);
            String id = Http.json(created).get("id").asString();
            List<CompletableFuture<Integer>> readers = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                int index = i % 6;
                readers.add(CompletableFuture.supplyAsync(() -> http.get("/api/generators/" + id + "/epochs/"
                        + (index % 2) + "/batches/" + index, "application/x-npz").statusCode()));
            }
            for (CompletableFuture<Integer> r : readers) {
                assertThat(r.get(2, TimeUnit.MINUTES)).isEqualTo(200);
            }
            assertThat(http.get("/actuator/health", "application/json").statusCode()).isEqualTo(200);
            assertThat(server.log()).doesNotContain("OutOfMemoryError");
        }
    }

    @Test
    void aBatchLimitBeyondTheHeapStopsStartUpSayingWhy() throws IOException, InterruptedException {
        Path work = Files.createTempDirectory(Fixtures.root(), "heap-refused");
        Path log = work.resolve("service.log");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-cp", System.getProperty("java.class.path"), DatagenApplication.class.getName(), "--server.port=0",
                "--datagen.storage-dir=" + work.resolve("storage"), "--datagen.data-roots=" + Fixtures.root(),
                "--datagen.limits.max-batch-bytes=1GB")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).isNotZero();
        assertThat(Files.readString(log)).contains("datagen.limits.max-batch-bytes (1GB) is more than the memory set "
                + "aside for batches being served (datagen.limits.serving-memory, 64MB with a 256MB heap)");
    }
}
