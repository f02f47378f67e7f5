package dev.datagen.fault;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import dev.datagen.support.ChildServer;
import dev.datagen.support.Fixtures;
import dev.datagen.support.Http;
import dev.datagen.support.TestServer;

/**
 * The demo is all or nothing: a kill or a failure part-way through its four registrations leaves an empty
 * registry (the button offered again, a retry that completes), never some demo datasets and no generator.
 */
class DemoInstallFaultTest {

    @Test
    void aKillDuringTheInstallLeavesNoDemoAndARetryInstallsAllOfIt() throws Exception {
        Path work = Files.createTempDirectory(Fixtures.root(), "demo-kill");
        Path storage = work.resolve("storage");
        Path root = Files.createDirectories(work.resolve("data"));
        try (ChildServer first = ChildServer.start(storage, List.of(root), List.of("-Xmx512m"))) {
            Http http = first.http();
            CompletableFuture<HttpResponse<byte[]>> install = CompletableFuture.supplyAsync(
                    () -> http.postForm("/dashboard/demo"));
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (!first.log().contains("demo: registering demo-masks") && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(install).as("the install must still be running when the process is killed").isNotDone();
            first.kill();
            assertThat(install).failsWithin(Duration.ofSeconds(30));
        }

        try (ChildServer second = ChildServer.start(storage, List.of(root), List.of("-Xmx512m"))) {
            Http http = second.http();
            assertThat(http.getJson("/api/datasets").size()).as("no demo dataset survives the kill").isZero();
            assertThat(http.getJson("/api/generators").size()).isZero();
            assertThat(Http.text(http.get("/", "text/html"))).contains("id=\"demo-button\"");

            HttpResponse<byte[]> retry = http.postForm("/dashboard/demo");
            assertThat(retry.statusCode()).as(Http.text(retry)).isEqualTo(302);
            assertThat(http.getJson("/api/datasets").size()).isEqualTo(4);
            assertThat(http.getJson("/api/generators").size()).isEqualTo(1);
        }
    }

    @Test
    void aRegistrationFailingPartWayRollsBackTheDatasetsBeforeIt() throws Exception {
        Path work = Files.createTempDirectory(Fixtures.root(), "demo-fail");
        Path root = Files.createDirectories(work.resolve("data"));
        try (TestServer server = TestServer.start(work.resolve("storage"), List.of(root))) {
            Http http = server.http();
            assertThat(http.postForm("/dashboard/demo").statusCode()).isEqualTo(302);
            for (String name : List.of("demo-digits", "demo-multitask", "demo-masks", "demo-pairs")) {
                assertThat(http.delete("/api/datasets/" + name).statusCode()).isEqualTo(204);
            }
            // the unpacked files are reused by the next install: break a mask, which the third dataset reads
            Files.write(root.resolve("datagen-demo/train_mask/00005.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G'});

            HttpResponse<byte[]> failed = http.postForm("/dashboard/demo");

            assertThat(failed.statusCode()).isEqualTo(400);
            assertThat(Http.text(failed)).contains("The demo could not be registered").contains("train-label.mask");
            assertThat(http.getJson("/api/datasets").size()).as("demo-digits and demo-multitask rolled back").isZero();
            assertThat(http.getJson("/api/generators").size()).isZero();
        }
    }
}
