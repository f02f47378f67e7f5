package dev.datagen.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nd4j.linalg.dataset.DataSet;

import dev.datagen.client.GeneratorSettings.Layout;

/** Registration, description and refusals against the live service. */
@ExtendWith(LiveService.Resolver.class)
class ClientIT {

    private LiveService service;
    private DataGenClient client;

    @BeforeEach
    void setUp(LiveService service) {
        this.service = service;
        this.client = service.client;
    }

    @Test
    void registersTheFourKerasFilesAndDescribesTheDataset() throws IOException {
        DatasetInfo mnist = service.mnist();
        int train = service.imagePaths("train").size();
        int test = service.imagePaths("test").size();
        assertEquals(train + test, mnist.imagesChecked());
        DatasetInfo described = client.dataset(mnist.name());
        assertNull(described.imagesChecked());
        assertEquals(List.of(new DatasetInfo.Input("image", 28, 28, "grayscale", 1, "auto")), described.inputs());
        DatasetInfo.Output label = described.output("label");
        assertEquals("categorical", label.kind());
        assertEquals(10, label.classes());
        assertEquals(train, described.splits().get("train").samples());
        assertEquals(test, described.splits().get("test").samples());
        assertEquals(train, java.util.Arrays.stream(described.splits().get("train").distribution().get("label")).sum());
        assertTrue(client.datasets().stream().anyMatch(d -> d.name().equals(mnist.name())));
    }

    @Test
    void describesAGeneratorWithItsSettingsAndArrays() {
        GeneratorInfo g = client.createGenerator(service.mnist().name(), GeneratorSettings.of("train").batchSize(64)
                .seed(42).layout(Layout.NCHW).rescale(1 / 255.0));
        GeneratorInfo again = client.generator(g.id());
        assertEquals(g.settings(), again.settings());
        assertEquals(g.batchesPerEpoch(), again.batchesPerEpoch());
        assertEquals(42L, g.settings().seed());
        assertEquals(Layout.NCHW, g.settings().layout());
        assertEquals(GeneratorSettings.DType.FLOAT32, g.settings().dtype());
        int n = g.samplesPerEpoch();
        assertEquals((n + 63) / 64, g.batchesPerEpoch());
        assertEquals(n % 64 == 0 ? 64 : n % 64, g.lastBatchSize());
        assertArrayEquals(new long[] {64, 1, 28, 28}, g.array("image").orElseThrow().shape());
        assertArrayEquals(new long[] {64, 10}, g.array("label").orElseThrow().shape());
        assertTrue(client.generators(service.mnist().name()).stream().anyMatch(x -> x.id().equals(g.id())));
        GeneratorInfo drawn = client.createGenerator(service.mnist().name(), GeneratorSettings.of("test"));
        assertTrue(drawn.settings().seed() != null && drawn.settings().batchSize() == 32, "defaults are filled in");
    }

    @Test
    void aRefusedRegistrationCarriesThePartTheLineAndTheReasonAndLeavesNoTrace() {
        String name = service.uniqueName("short-labels");
        DataGenException e = assertThrows(DataGenException.class, () -> service.register(ListFileRegistration.named(name)
                .baseDir(service.data.toString())
                .part("train-data", "train/00000.png\ntrain/00001.png\ntrain/00002.png\n")
                .part("train-label", "1 0\n0 1\n")));
        assertEquals(400, e.status());
        assertEquals("/problems/invalid-list-file", e.type());
        assertEquals("train-label", e.properties().get("part"));
        assertTrue(e.properties().containsKey("line") && e.properties().containsKey("reason"), e.properties().toString());
        assertTrue(e.detail().startsWith("train-label"), e.detail());
        DataGenException gone = assertThrows(DataGenException.class, () -> client.dataset(name));
        assertEquals(404, gone.status());
    }

    @Test
    void anInvalidGeneratorIsRefusedNamingTheField() {
        DataGenException e = assertThrows(DataGenException.class,
                () -> client.createGenerator(service.mnist().name(), GeneratorSettings.of("train").batchSize(0)));
        assertEquals(400, e.status());
        assertEquals("/problems/invalid-generator", e.type());
        assertEquals(Map.of("field", "batchSize"), e.properties());
        DataGenException split = assertThrows(DataGenException.class,
                () -> client.createGenerator(service.mnist().name(), GeneratorSettings.of("validation")));
        assertTrue(split.detail().contains("no split 'validation'"), split.detail());
    }

    @Test
    void aBatchOutsideTheEpochIsRefusedWithTheRange() {
        GeneratorInfo g = client.createGenerator(service.mnist().name(), GeneratorSettings.of("test").batchSize(100));
        DataGenException e = assertThrows(DataGenException.class, () -> client.batch(g.id(), 0, 10, null));
        assertEquals(404, e.status());
        assertTrue(e.detail().contains("batches 0 to 9"), e.detail());
        DataGenException unknown = assertThrows(DataGenException.class, () -> client.generator("no-such-generator"));
        assertEquals("/problems/not-found", unknown.type());
    }

    @Test
    void registersClassFoldersAndNamesTheClasses() throws IOException {
        // three classes of five digits each, copied into a temporary folder inside the data folder (which the
        // service may read), removed afterwards
        Path root = Files.createTempDirectory(service.data, ".datagen-client-classes-");
        try {
            List<Path> images = service.imagePaths("train");
            List<float[]> labels = Arrays2.labels(service.data.resolve("train-label.txt"));
            String[] names = {"one", "seven", "zero"};
            int[] digits = {1, 7, 0};
            for (int c = 0; c < 3; c++) {
                Path folder = Files.createDirectories(root.resolve("train").resolve(names[c]));
                int copied = 0;
                for (int i = 0; i < images.size() && copied < 5; i++) {
                    if (labels.get(i)[digits[c]] == 1f) {
                        Files.copy(images.get(i), folder.resolve(copied++ + ".png"));
                    }
                }
            }
            DatasetInfo d = service.register(DirectoryRegistration.of(service.uniqueName("folders"),
                    Map.of("train", root.resolve("train").toString())).size(28, 28)
                    .color(DirectoryRegistration.Color.GRAYSCALE)
                    .interpolation(DirectoryRegistration.Interpolation.AREA));
            assertEquals(15, d.splits().get("train").samples());
            assertEquals("area", d.inputs().get(0).interpolation());
            assertEquals(List.of(names), d.outputs().get(0).classNames());
            GeneratorInfo g = client.createGenerator(d.name(), GeneratorSettings.of("train").batchSize(15)
                    .layout(Layout.NCHW));
            try (DataGenDataSetIterator it = new DataGenDataSetIterator(client, g.id())) {
                assertEquals(List.of(names), it.getLabels());
                DataSet batch = it.next();
                assertArrayEquals(new long[] {15, 3}, batch.getLabels().shape());
                assertArrayEquals(new float[] {5, 5, 5}, Arrays2.values(batch.getLabels().sum(0)));
            }
        } finally {
            try (Stream<Path> files = Files.walk(root)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
