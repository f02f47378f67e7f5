package dev.datagen.generator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import dev.datagen.support.Fixtures;
import dev.datagen.support.Served;
import dev.datagen.support.TestServer;
import tools.jackson.databind.JsonNode;

/**
 * Keras' validation_split done right, on real digits: training and validation generators made apart (other
 * shuffle seeds, after a restart, on another instance) divide the split the same way, never share a sample,
 * and a stratified division takes each class in proportion.
 */
class SubsetServerTest {

    static final String[] DIGITS = {"train-data", "train-data.txt", "train-label", "train-label.txt"};

    static String settings(String subset, long seed, boolean stratify) {
        return "{\"split\": \"train\", \"batchSize\": 32, \"seed\": " + seed + ", \"dtype\": \"uint8\", "
                + "\"validationSplit\": 0.2, \"subset\": \"" + subset + "\", \"splitSeed\": 9, \"stratify\": " + stratify + "}";
    }

    /** Every sample index an epoch of {@code g} serves, checking none comes twice. */
    static Set<Integer> epoch(Served served, JsonNode g, long epoch) {
        Set<Integer> seen = new TreeSet<>();
        String id = g.get("id").asString();
        for (int b = 0; b < g.get("batchesPerEpoch").asInt(); b++) {
            for (JsonNode n : served.http().getJson("/api/generators/" + id + "/epochs/" + epoch + "/batches/" + b)
                    .get("indices")) {
                assertThat(seen.add(n.asInt())).as("sample %s twice in an epoch", n).isTrue();
            }
        }
        return seen;
    }

    /** The subset's samples per class, counted from the registry's label file. */
    static long[] perClass(Set<Integer> samples, List<Integer> classOf) {
        long[] counts = new long[10];
        samples.forEach(i -> counts[classOf.get(i)]++);
        return counts;
    }

    @Test
    void subsetsAreDisjointExactStratifiedAndTheSameAfterRestartAndOnAnotherInstance() throws IOException {
        Path mnist = Fixtures.mnist(300, 100);
        List<Integer> classOf = new ArrayList<>();
        for (String line : Files.readAllLines(mnist.resolve("train-label.txt"))) {
            classOf.add(line.replace(" ", "").indexOf('1'));
        }
        Path storage = Files.createTempDirectory(Fixtures.root(), "subsets");
        Set<Integer> validation;
        Set<Integer> stratified;
        try (TestServer server = TestServer.start(storage, List.of(Fixtures.root()))) {
            Served served = new Served(server.http());
            served.register("digits", mnist, null, DIGITS);
            JsonNode v = served.generator("digits", settings("validation", 1, false));
            JsonNode t = served.generator("digits", settings("training", 2, false));
            assertThat(v.get("samplesPerEpoch").asInt()).isEqualTo(60);
            assertThat(t.get("samplesPerEpoch").asInt()).isEqualTo(240);
            validation = epoch(served, v, 0);
            Set<Integer> training = epoch(served, t, 0);
            assertThat(validation).hasSize(60).doesNotContainAnyElementsOf(training);
            Set<Integer> all = new TreeSet<>(validation);
            all.addAll(training);
            assertThat(all).hasSize(300);
            // another epoch shuffles within the subset, never across
            assertThat(epoch(served, v, 5)).isEqualTo(validation);
            // the description's subset: its size and its class distribution
            assertThat(v.at("/subset/name").asString()).isEqualTo("validation");
            assertThat(v.at("/subset/samples").asInt()).isEqualTo(60);
            assertThat(v.at("/subset/output").asString()).isEqualTo("label");
            assertThat(longs(v.at("/subset/distribution"))).isEqualTo(perClass(validation, classOf));
            assertThat(longs(t.at("/subset/distribution"))).isEqualTo(perClass(training, classOf));

            JsonNode s = served.generator("digits", settings("validation", 3, true));
            stratified = epoch(served, s, 0);
            assertThat(stratified).hasSize(60);
            long[] counts = perClass(stratified, classOf);
            long[] splitCounts = perClass(new TreeSet<>(all), classOf);
            for (int k = 0; k < 10; k++) {
                assertThat(Math.abs(counts[k] - Math.round(0.2 * splitCounts[k]))).as("class %d", k).isLessThanOrEqualTo(1);
            }
            JsonNode st = served.generator("digits", settings("training", 4, true));
            assertThat(epoch(served, st, 0)).hasSize(240).doesNotContainAnyElementsOf(stratified);
        }
        // a restart on the same storage: a new validation generator with another seed takes the same samples
        try (TestServer again = TestServer.start(storage, List.of(Fixtures.root()))) {
            Served served = new Served(again.http());
            assertThat(epoch(served, served.generator("digits", settings("validation", 77, false)), 2)).isEqualTo(validation);
            assertThat(epoch(served, served.generator("digits", settings("validation", 78, true)), 0)).isEqualTo(stratified);
        }
        // another instance with its own registry that registered the same files
        try (TestServer other = TestServer.start(Files.createTempDirectory(Fixtures.root(), "subsets-other"),
                List.of(Fixtures.root()))) {
            Served served = new Served(other.http());
            served.register("digits-elsewhere", mnist, null, DIGITS);
            assertThat(epoch(served, served.generator("digits-elsewhere", settings("validation", 5, false)), 0))
                    .isEqualTo(validation);
            // and another split seed divides differently
            JsonNode reseeded = served.generator("digits-elsewhere", settings("validation", 5, false)
                    .replace("\"splitSeed\": 9", "\"splitSeed\": 10"));
            assertThat(epoch(served, reseeded, 0)).hasSize(60).isNotEqualTo(validation);
        }
    }

    @Test
    void badDivisionsAreRefusedNamingTheField() throws IOException {
        Path mnist = Fixtures.mnist(300, 100);
        try (TestServer server = TestServer.start(Files.createTempDirectory(Fixtures.root(), "subsets-bad"),
                List.of(Fixtures.root()))) {
            Served served = new Served(server.http());
            served.register("digits", mnist, null, DIGITS);
            served.register("seg-only", mnist, null, "train-data", "train-data.txt", "train-label.mask", "train-mask.txt");
            String base = "{\"split\": \"train\", ";
            served.refused("digits", base + "\"validationSplit\": 1.0, \"subset\": \"training\"}", "validationSplit");
            served.refused("digits", base + "\"validationSplit\": 0, \"subset\": \"training\"}", "validationSplit");
            served.refused("digits", base + "\"validationSplit\": 0.2}", "subset");
            served.refused("digits", base + "\"subset\": \"validation\"}", "validationSplit");
            served.refused("digits", base + "\"splitSeed\": 3}", "splitSeed");
            served.refused("digits", base + "\"validationSplit\": 0.2, \"subset\": \"testing\"}", "subset");
            served.refused("digits", base + "\"validationSplit\": 0.001, \"subset\": \"validation\"}", "validationSplit");
            served.refused("seg-only", base + "\"validationSplit\": 0.2, \"subset\": \"validation\", \"stratify\": true}",
                    "stratify");
        }
    }

    private static long[] longs(JsonNode array) {
        long[] out = new long[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asLong();
        }
        return out;
    }
}
