package dev.datagen.firstrun;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.datagen.support.Http;
import dev.datagen.support.Ports;
import dev.datagen.support.Python;
import tools.jackson.databind.JsonNode;

/**
 * The service as a newcomer starts it: the packaged jar, in a fresh working directory, with no
 * {@code datagen.*} setting at all (only a free port instead of 8080, so tests can run beside a service).
 * It must create {@code ./storage} and {@code ./data} there, install the demo, serve a batch numpy reads,
 * and find everything again after a restart.
 */
class FirstStartIT {

    private static final Path JAR = Path.of(System.getProperty("datagen.jar", "target/datagen-0.1.0-SNAPSHOT.jar"))
            .toAbsolutePath();

    @Test
    void startsOnItsDefaultsInstallsTheDemoAndServesABatchNumpyReads(@TempDir Path cwd) throws Exception {
        int port = Ports.free();
        Http http = new Http(port);
        String generator;
        try (Service service = Service.start(cwd, "--server.port=" + port)) {
            service.awaitHealthy(http);
            assertThat(cwd.resolve("storage")).isDirectory();
            assertThat(cwd.resolve("data")).isDirectory();
            assertThat(service.log()).contains("storage directory " + cwd.resolve("storage").toRealPath());

            HttpResponse<byte[]> installed = http.postForm("/dashboard/demo");
            assertThat(installed.statusCode()).isEqualTo(302);
            assertThat(installed.headers().firstValue("Location").orElseThrow()).endsWith("/?demo=installed");
            assertThat(cwd.resolve("data/datagen-demo/train-data.txt")).isRegularFile();

            JsonNode generators = http.getJson("/api/generators");
            assertThat(generators.size()).isEqualTo(1);
            generator = generators.get(0).get("id").asString();
            HttpResponse<byte[]> batch = http.get("/api/generators/" + generator + "/epochs/0/batches/0",
                    "application/x-npz");
            assertThat(batch.statusCode()).isEqualTo(200);
            Path npz = cwd.resolve("batch.npz");
            Files.write(npz, batch.body());
            String shapes = Python.run(Python.PATH_PYTHON, """
                    import sys, numpy as np
                    z = np.load(sys.argv[1])
                    print(z["image"].shape, z["image"].dtype, z["label"].shape, int(z["label"].sum()))
                    """, npz.toString());
            assertThat(shapes).isEqualTo("(32, 28, 28, 1) float32 (32, 10) 32");
        }

        try (Service restarted = Service.start(cwd, "--server.port=" + port)) {
            restarted.awaitHealthy(http);
            List<String> names = new ArrayList<>();
            http.getJson("/api/datasets").forEach(d -> names.add(d.get("name").asString()));
            assertThat(names).containsExactly("demo-digits", "demo-masks", "demo-multitask", "demo-pairs");
            assertThat(http.get("/api/generators/" + generator + "/epochs/0/batches/1", "application/x-npz")
                    .statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aStorageDirectoryThatCannotBeCreatedStopsStartUpWithOneClearSentence(@TempDir Path cwd) throws Exception {
        Path file = Files.writeString(cwd.resolve("not-a-folder"), "x");
        try (Service service = Service.start(cwd, "--server.port=" + Ports.free(),
                "--datagen.storage-dir=not-a-folder/storage")) {
            int exit = service.awaitExit(Duration.ofMinutes(2));
            String log = service.log();
            assertThat(exit).isNotZero();
            assertThat(log).contains("DataGen cannot use " + file.resolve("storage") + " (datagen.storage-dir): "
                    + "the folder cannot be created (not a directory).");
            assertThat(log).doesNotContain("Flyway", "\tat ", "Exception:");
        }
    }

    /** The packaged service in its own working directory. */
    private record Service(Process process, Path logFile) implements AutoCloseable {

        static Service start(Path cwd, String... args) throws IOException {
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", JAR.toString()));
            command.addAll(List.of(args));
            Path log = Files.createTempFile(cwd.getParent(), "service", ".log");
            Process p = new ProcessBuilder(command).directory(cwd.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            return new Service(p, log);
        }

        void awaitHealthy(Http http) throws InterruptedException {
            HttpClient client = HttpClient.newHttpClient();
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
            while (System.nanoTime() < deadline) {
                assertThat(process.isAlive()).as("the service exited; its log:\n%s", log()).isTrue();
                try {
                    HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(http.base()
                            + "/actuator/health")).timeout(Duration.ofSeconds(2)).build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() == 200) {
                        return;
                    }
                } catch (IOException notYet) {
                    // still starting
                }
                Thread.sleep(250);
            }
            throw new AssertionError("the service did not become healthy; its log:\n" + log());
        }

        int awaitExit(Duration timeout) throws InterruptedException {
            assertThat(process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)).as("the service exits").isTrue();
            return process.exitValue();
        }

        String log() {
            try {
                return Files.readString(logFile);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() throws InterruptedException {
            if (process.isAlive()) {
                process.destroy();
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor();
                }
            }
        }
    }
}
