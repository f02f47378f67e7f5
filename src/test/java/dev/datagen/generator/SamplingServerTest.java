package dev.datagen.generator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.datagen.support.Fixtures;
import dev.datagen.support.Http;
import dev.datagen.support.Served;
import dev.datagen.support.TestServer;
import tools.jackson.databind.JsonNode;

/**
 * Which samples an epoch holds, on the real service: balanced and weighted sampling of an imbalanced split
 * of real digits, and the refusals of what cannot be sampled by class.
 */
class SamplingServerTest {

    static TestServer server;
    static Served served;
    static int[] skewedCounts = new int[10];

    @BeforeAll
    static void start() throws IOException {
        Path mnist = Fixtures.mnist(300, 100);
        Path storage = Files.createTempDirectory(Fixtures.root(), "sampling");
        server = TestServer.start(storage, List.of(Fixtures.root()));
        served = new Served(server.http());
        // class k keeps 1 in k+1 of its digits: from all the zeros to a tenth of the nines
        List<String> paths = Files.readAllLines(mnist.resolve("train-data.txt"));
        List<String> labels = Files.readAllLines(mnist.resolve("train-label.txt"));
        List<String> keptPaths = new ArrayList<>();
        List<String> keptLabels = new ArrayList<>();
        int[] seen = new int[10];
        for (int i = 0; i < paths.size(); i++) {
            int k = labels.get(i).replace(" ", "").indexOf('1');
            if (seen[k]++ % (k + 1) == 0) {
                keptPaths.add(mnist.resolve(paths.get(i)).toString());
                keptLabels.add(labels.get(i));
                skewedCounts[k]++;
            }
        }
        Files.write(storage.resolve("skewed-data.txt"), keptPaths);
        Files.write(storage.resolve("skewed-label.txt"), keptLabels);
        served.register("skewed", mnist, null, "train-data", storage.resolve("skewed-data.txt").toString(),
                "train-label", storage.resolve("skewed-label.txt").toString());
        served.register("seg", mnist, null, "train-data", "train-data.txt", "train-label.mask", "train-mask.txt",
                "train-label.digit", "train-label.txt");
        served.register("multi", mnist, "{\"outputs\": {\"label\": {\"kind\": \"multilabel\"}}}",
                "train-data", "train-data.txt", "train-label", "train-label.txt");
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** Per class, how often an epoch of {@code g} holds it (from the JSON view's labels). */
    static long[] classCounts(JsonNode g) {
        long[] counts = new long[10];
        String id = g.get("id").asString();
        for (int b = 0; b < g.get("batchesPerEpoch").asInt(); b++) {
            JsonNode view = served.http().getJson("/api/generators/" + id + "/epochs/1/batches/" + b);
            for (JsonNode row : view.at("/labels/label")) {
                for (int k = 0; k < 10; k++) {
                    if (row.get(k).asDouble() == 1.0) {
                        counts[k]++;
                    }
                }
            }
        }
        return counts;
    }

    static double chiSquare(long[] observed, double[] share) {
        long n = java.util.Arrays.stream(observed).sum();
        double chi = 0;
        for (int k = 0; k < observed.length; k++) {
            if (share[k] > 0) {
                double expected = n * share[k];
                chi += (observed[k] - expected) * (observed[k] - expected) / expected;
            }
        }
        return chi;
    }

    @Test
    void balancedSamplingMakesAnImbalancedSplitsClassesEquallyFrequent() {
        assertThat(skewedCounts[0]).isGreaterThan(5 * skewedCounts[9]);
        JsonNode g = served.generator("skewed", "{\"split\": \"train\", \"batchSize\": 500, \"seed\": 21, \"dtype\": \"uint8\", "
                + "\"sampling\": {\"mode\": \"balanced\", \"output\": \"label\", \"epochSamples\": 4000}}");
        assertThat(g.get("samplesPerEpoch").asInt()).isEqualTo(4000);
        assertThat(g.get("batchesPerEpoch").asInt()).isEqualTo(8);
        long[] counts = classCounts(g);
        double[] uniform = new double[10];
        java.util.Arrays.fill(uniform, 0.1);
        // chi-square with 9 degrees of freedom, p = 0.01: 21.666
        assertThat(chiSquare(counts, uniform)).as(java.util.Arrays.toString(counts)).isLessThan(21.666);
        long[] natural = new long[10];
        for (int k = 0; k < 10; k++) {
            natural[k] = skewedCounts[k] * 4000L / java.util.Arrays.stream(skewedCounts).sum();
        }
        assertThat(chiSquare(natural, uniform)).as("the split itself is far from uniform").isGreaterThan(200);
    }

    @Test
    void weightedSamplingFollowsTheWeightsAndNeverDrawsAZeroWeightClass() {
        JsonNode g = served.generator("skewed", "{\"split\": \"train\", \"batchSize\": 400, \"seed\": 5, \"dtype\": \"uint8\", "
                + "\"sampling\": {\"mode\": \"weighted\", \"output\": \"label\", \"epochSamples\": 4000, "
                + "\"classWeights\": [0, 1, 1, 1, 1, 1, 1, 1, 1, 3]}}");
        long[] counts = classCounts(g);
        assertThat(counts[0]).isZero();
        double[] share = {0, 1 / 11.0, 1 / 11.0, 1 / 11.0, 1 / 11.0, 1 / 11.0, 1 / 11.0, 1 / 11.0, 1 / 11.0, 3 / 11.0};
        // nine classes drawn: 8 degrees of freedom, p = 0.01: 20.090
        assertThat(chiSquare(counts, share)).as(java.util.Arrays.toString(counts)).isLessThan(20.090);
    }

    @Test
    void sampledEpochsAreTheSameOnEveryRequestAndNewEachEpoch() {
        JsonNode g = served.generator("skewed", "{\"split\": \"train\", \"batchSize\": 50, \"seed\": 8, \"dtype\": \"uint8\", "
                + "\"sampling\": {\"mode\": \"balanced\", \"output\": \"label\"}}");
        String id = g.get("id").asString();
        assertThat(g.get("samplesPerEpoch").asInt()).isEqualTo(java.util.Arrays.stream(skewedCounts).sum());
        JsonNode a = served.http().getJson("/api/generators/" + id + "/epochs/3/batches/1");
        JsonNode b = served.http().getJson("/api/generators/" + id + "/epochs/3/batches/1");
        JsonNode c = served.http().getJson("/api/generators/" + id + "/epochs/4/batches/1");
        assertThat(b.get("indices")).isEqualTo(a.get("indices"));
        assertThat(c.get("indices")).isNotEqualTo(a.get("indices"));
        // with replacement: over an epoch some samples come twice, some not at all
        Set<Integer> seen = new HashSet<>();
        int total = 0;
        for (int i = 0; i < g.get("batchesPerEpoch").asInt(); i++) {
            for (JsonNode n : served.http().getJson("/api/generators/" + id + "/epochs/3/batches/" + i).get("indices")) {
                seen.add(n.asInt());
                total++;
            }
        }
        assertThat(seen.size()).isLessThan(total);
    }

    @Test
    void whatCannotBeSampledByClassIsRefusedNamingTheField() {
        String base = "{\"split\": \"train\", \"sampling\": ";
        served.refused("seg", base + "{\"mode\": \"balanced\", \"output\": \"mask\"}}", "sampling.output");
        served.refused("multi", base + "{\"mode\": \"balanced\", \"output\": \"label\"}}", "sampling.output");
        served.refused("skewed", base + "{\"mode\": \"balanced\", \"output\": \"nope\"}}", "sampling.output");
        served.refused("skewed", base + "{\"mode\": \"balanced\"}}", "sampling.output");
        served.refused("skewed", base + "{\"mode\": \"weighted\", \"output\": \"label\", \"classWeights\": [1, 1]}}",
                "sampling.classWeights");
        served.refused("skewed", base + "{\"mode\": \"weighted\", \"output\": \"label\", "
                + "\"classWeights\": [1, 1, 1, 1, 1, -1, 1, 1, 1, 1]}}", "sampling.classWeights");
        served.refused("skewed", base + "{\"mode\": \"weighted\", \"output\": \"label\", "
                + "\"classWeights\": [0, 0, 0, 0, 0, 0, 0, 0, 0, 0]}}", "sampling.classWeights");
        served.refused("skewed", base + "{\"mode\": \"balanced\", \"output\": \"label\", \"epochSamples\": 0}}",
                "sampling.epochSamples");
        served.refused("skewed", base + "{\"mode\": \"uniform\", \"output\": \"label\"}}", "sampling.output");
        served.refused("skewed", base + "{\"mode\": \"often\"}}", "sampling.mode");
    }

    @Test
    void theOpenApiDescriptionCarriesEveryNewSettingWithItsConstraints() {
        JsonNode schemas = served.http().getJson("/v3/api-docs").at("/components/schemas");
        JsonNode request = schemas.at("/GeneratorRequest/properties");
        for (String name : List.of("crop", "normalize", "mixup", "cutmix", "sampling", "validationSplit", "subset",
                "splitSeed", "stratify")) {
            assertThat(request.has(name)).as(name).isTrue();
        }
        assertThat(request.at("/validationSplit/maximum").asDouble()).isEqualTo(1.0);
        assertThat(schemas.at("/Crop/properties/mode/enum").toString()).contains("random-resized", "center", "pad");
        assertThat(schemas.at("/Crop/properties/scale/minItems").asInt()).isEqualTo(2);
        assertThat(schemas.at("/Crop/properties/scale/items/maximum").asDouble()).isEqualTo(1.0);
        assertThat(schemas.at("/Crop/properties/fraction/maximum").asDouble()).isEqualTo(1.0);
        assertThat(schemas.at("/Normalize/properties/std/items/minimum").asDouble()).isEqualTo(0.0);
        assertThat(schemas.at("/Mix/properties/alpha/maximum").asDouble()).isEqualTo(100.0);
        assertThat(schemas.at("/Sampling/properties/mode/enum").toString()).contains("uniform", "balanced", "weighted");
        assertThat(schemas.at("/Sampling/properties/epochSamples/minimum").asInt()).isEqualTo(1);
    }

    @Test
    void theSplitsDistributionIsWhatTheRegistrationReported() {
        HttpResponse<byte[]> r = served.http().get("/api/datasets/skewed", "application/json");
        JsonNode d = Http.json(r);
        Set<Long> reported = new TreeSet<>();
        List<Long> counts = new ArrayList<>();
        d.at("/splits/train/distribution/label").forEach(n -> counts.add(n.asLong()));
        for (int k = 0; k < 10; k++) {
            assertThat(counts.get(k)).isEqualTo(skewedCounts[k]);
            reported.add(counts.get(k));
        }
        assertThat(reported).hasSizeGreaterThan(3);
    }
}
