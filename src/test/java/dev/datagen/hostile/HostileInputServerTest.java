package dev.datagen.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import dev.datagen.support.Fixtures;
import dev.datagen.support.Http;
import tools.jackson.databind.JsonNode;

/**
 * The hostile corpus ({@code src/test/resources/hostile/}, see {@link HostileCase}) against the real
 * service: every case is refused with a 4xx problem detail of a stable type that names the part, line and
 * reason, without a stack trace or class name, within a time bound and, for heavy cases on a child JVM with
 * a 256MB heap, within a bound on resident memory; afterwards the service is healthy, serves the same batch
 * bytes as before, and its registry listings are byte-for-byte unchanged.
 */
class HostileInputServerTest {

    private static final List<String> LEAKS = List.of("Exception", "dev.datagen.", "java.", "javax.", "jakarta.",
            "org.springframework", "org.apache", "\tat ", "Caused by",
            // Jackson's words for where it read and what it met, which the sender cannot act on
            "REDACTED", "JsonToken", "not marked as ignorable", "#UNKNOWN");
    /** A refusal quotes at most an excerpt of what it refuses. */
    private static final int MAX_ANSWER_BYTES = 16 * 1024;

    static final List<String> REPORT = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
    static Path mnist;
    static Path work;
    static Path outsideRoots;
    static Path outside;
    static Path linkRoot;
    static List<Path> roots;
    static Target shared;
    static Target smallHeap;
    static Target smallUpload;
    static final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    @BeforeAll
    static void start() throws IOException {
        mnist = Fixtures.mnist(300, 100);
        work = Files.createTempDirectory(Fixtures.root(), "hostile");
        // outside every data root: a real image a successful escape would reach, and a root that is a symlink
        outsideRoots = Files.createTempDirectory("datagen-hostile");
        outside = Files.createDirectories(outsideRoots.resolve("secret"));
        Files.copy(mnist.resolve("train/00000.png"), outside.resolve("digit.png"));
        Path realRoot = Files.createDirectories(outsideRoots.resolve("real-root"));
        Files.copy(mnist.resolve("train/00001.png"), realRoot.resolve("digit.png"));
        linkRoot = Files.createSymbolicLink(outsideRoots.resolve("root-link"), realRoot);
        roots = List.of(Fixtures.root(), linkRoot);
        shared = Target.inProcess("shared", work.resolve("storage-shared"), roots).withGoodDataset(mnist);
    }

    @AfterAll
    static void stop() throws Exception {
        Files.write(Path.of("target", "hostile-report.md"), Stream.concat(Stream.of(
                "| case | server | status | type | seconds | peak RSS growth (MB) | result |",
                "|---|---|---|---|---|---|---|"), REPORT.stream()).toList());
        for (Target t : new Target[] {shared, smallHeap, smallUpload}) {
            if (t != null) {
                t.close();
            }
        }
        if (outsideRoots != null) {
            deleteTree(outsideRoots);
        }
    }

    static synchronized Target target(String server) {
        return switch (server) {
            case "shared" -> shared;
            case "small-heap" -> {
                if (smallHeap == null) {
                    smallHeap = Target.child("small-heap", work.resolve("storage-small-heap"), roots,
                            List.of("-Xmx256m")).withGoodDataset(mnist);
                }
                yield smallHeap;
            }
            case "small-upload" -> {
                if (smallUpload == null) {
                    smallUpload = Target.inProcess("small-upload", work.resolve("storage-small-upload"), roots,
                            "datagen.upload.max-file-size=1MB", "datagen.upload.max-request-size=2MB")
                            .withGoodDataset(mnist);
                }
                yield smallUpload;
            }
            default -> throw new IllegalStateException("unknown server '" + server + "'");
        };
    }

    @TestFactory
    Stream<DynamicTest> everyHostileInputIsRefusedWithAProblemAndLeavesTheServiceAsItWas() throws URISyntaxException {
        Path corpus = Path.of(HostileInputServerTest.class.getResource("/hostile").toURI());
        List<HostileCase> cases = HostileCase.all(corpus);
        assertThat(cases).hasSizeGreaterThan(20);
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.name() + " (" + c.tries() + ")", () -> run(c)));
    }

    private void run(HostileCase c) throws Exception {
        Target t = target(c.server());
        Map<String, String> vars = Map.of("mnist", mnist.toString(), "outside", outside.toString(),
                "linkroot", linkRoot.toString(), "generator", t.generatorId(), "kept", Target.KEPT);
        Path dir = c.materialize(work.resolve("cases-" + t.label()), vars);
        if (c.prepares()) {
            Map<String, String> more = new java.util.HashMap<>(vars);
            more.putAll(c.prepare(t.http(), dir, vars));
            vars = more;
        }
        var request = c.request(t.base(), dir, vars);
        String registryBefore = t.registry();
        long rssBefore = 0;
        if (t.measuresMemory()) {
            t.resetPeakRss();
            rssBefore = t.statusKb("VmRSS");
        }
        long start = System.nanoTime();
        HttpResponse<byte[]> r;
        try {
            r = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            REPORT.add("| " + c.name() + " | " + t.label() + " | - | - | " + (System.nanoTime() - start) / 1_000_000_000
                    + " | | **FAIL**: no answer (" + e + ") |");
            throw new AssertionError(c.name() + ": no answer (" + e + ") after "
                    + (System.nanoTime() - start) / 1_000_000 + " ms", e);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long peakGrowthMb = t.measuresMemory() ? (t.statusKb("VmHWM") - rssBefore) / 1024 : 0;
        String body = Http.text(r);
        String contentType = r.headers().firstValue("Content-Type").orElse("(none)");
        String shown = body.length() > 600 ? body.substring(0, 600) + "... (" + r.body().length + " bytes)" : body;

        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(r.statusCode()).as("status; answer: %s", shown).isEqualTo(c.status());
        soft.assertThat(r.statusCode()).as("a 4xx").isBetween(400, 499);
        soft.assertThat(contentType).as("Content-Type; answer: %s", shown).startsWith("application/problem+json");
        JsonNode problem = parse(body);
        if (problem != null && problem.isObject()) {
            soft.assertThat(problem.path("type").asString()).as("type; answer: %s", shown).isEqualTo("/problems/" + c.type());
            soft.assertThat(problem.path("status").asInt()).as("status property").isEqualTo(r.statusCode());
            String detail = problem.path("detail").asString();
            soft.assertThat(detail).as("detail").isNotBlank();
            for (String expected : c.detail()) {
                soft.assertThat(detail).as("detail").contains(expected);
            }
            if (c.part() != null) {
                soft.assertThat(problem.path("part").asString()).as("part property; answer: %s", shown).isEqualTo(c.part());
                soft.assertThat(detail).as("detail names the part").contains(c.part());
            }
            if (c.line() != null) {
                soft.assertThat(problem.path("line").asLong()).as("line property; answer: %s", shown).isEqualTo(c.line());
                soft.assertThat(detail).as("detail names the line").contains("line " + c.line());
            }
        } else {
            soft.fail("the answer is not a JSON problem detail: " + shown);
        }
        for (String leak : LEAKS) {
            soft.assertThat(body).as("no stack trace or class name in the answer").doesNotContain(leak);
        }
        soft.assertThat(r.body().length).as("the answer is bounded (bytes)").isLessThanOrEqualTo(MAX_ANSWER_BYTES);
        soft.assertThat(seconds).as("seconds to refuse").isLessThan(c.maxSeconds());
        if (t.measuresMemory()) {
            soft.assertThat(peakGrowthMb).as("growth of the service's peak resident memory (MB), -Xmx256m")
                    .isLessThan(c.maxRssGrowthMb());
        }

        // the service afterwards: healthy, same batch, same registry
        soft.assertThat(t.healthStatus()).as("/actuator/health afterwards").isEqualTo(200);
        soft.assertThat(t.fetchBatch()).as("a normal batch afterwards, byte for byte").isEqualTo(t.batch());
        String registryAfter = t.registry();
        soft.assertThat(registryAfter).as("registry listings afterwards").isEqualTo(registryBefore);
        if (!registryAfter.equals(registryBefore) || c.prepares()) {
            t.deleteAllBut(Target.KEPT);
        }
        deleteTree(dir);
        List<AssertionError> errors = soft.assertionErrorsCollected();
        REPORT.add(String.format("| %s | %s | %d | %s | %.2f | %s | %s |", c.name(), t.label(), r.statusCode(),
                problem != null ? problem.path("type").asString().replace("/problems/", "") : "(not a problem)",
                seconds, t.measuresMemory() ? String.valueOf(peakGrowthMb) : "",
                errors.isEmpty() ? "pass" : "**FAIL**: " + errors.get(0).getMessage().strip().split("\n")[0]
                        .replace("|", "/")));
        if (!errors.isEmpty()) {
            StringBuilder all = new StringBuilder(c.name() + " (" + c.tries() + "): " + errors.size() + " failure(s)");
            errors.forEach(e -> all.append("\n  - ").append(e.getMessage().strip().replace("\n", "\n    ")));
            throw new AssertionError(all.toString());
        }
    }

    private static JsonNode parse(String body) {
        try {
            return tools.jackson.databind.json.JsonMapper.builder().build().readTree(body);
        } catch (RuntimeException e) {
            return null;
        }
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
