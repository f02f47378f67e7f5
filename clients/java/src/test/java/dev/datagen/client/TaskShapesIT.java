package dev.datagen.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.api.MultiDataSet;

import dev.datagen.client.GeneratorSettings.DType;

/**
 * The other task shapes through the multi iterator: two inputs (one-shot pairs) arrive as features in input
 * order, and a segmentation mask as uint8 class ids {@code (N, H, W)}. Registered from the first 300 lines
 * of the list files, sent as text parts.
 */
@ExtendWith(LiveService.Resolver.class)
class TaskShapesIT {

    private static final int SAMPLES = 300;

    private static String head(Path file) throws IOException {
        return String.join("\n", Files.readAllLines(file).subList(0, SAMPLES)) + "\n";
    }

    @Test
    void pairsArriveAsTwoFeaturesInInputOrder(LiveService service) throws IOException {
        Path d = service.data;
        DatasetInfo pairs = service.register(ListFileRegistration.named(service.uniqueName("pairs")).baseDir(d.toString())
                .part("train-data.left", head(d.resolve("train-pair-left.txt")))
                .part("train-data.right", head(d.resolve("train-pair-right.txt")))
                .part("train-label.same", head(d.resolve("train-label-same.txt"))));
        assertEquals(List.of("left", "right"), pairs.inputs().stream().map(DatasetInfo.Input::name).toList());
        GeneratorInfo g = service.client.createGenerator(pairs.name(),
                GeneratorSettings.of("train").batchSize(100).seed(8).dtype(DType.UINT8));
        List<String> left = Files.readAllLines(d.resolve("train-pair-left.txt"));
        List<String> right = Files.readAllLines(d.resolve("train-pair-right.txt"));
        List<float[]> same = Arrays2.labels(d.resolve("train-label-same.txt"));
        try (DataGenMultiDataSetIterator it = new DataGenMultiDataSetIterator(service.client, g.id())) {
            MultiDataSet batch = it.next();
            int[] indices = service.client.batchSummary(g.id(), 0, 0, null).indices();
            assertEquals(2, batch.numFeatureArrays());
            assertEquals(DataType.UINT8, batch.getFeatures(0).dataType());
            for (int r = 0; r < indices.length; r += 17) {
                int s = indices[r];
                assertArrayEquals(Arrays2.pixels(d.resolve(left.get(s))), Arrays2.row(batch.getFeatures(0), r), "left " + s);
                assertArrayEquals(Arrays2.pixels(d.resolve(right.get(s))), Arrays2.row(batch.getFeatures(1), r), "right " + s);
                assertArrayEquals(same.get(s), Arrays2.row(batch.getLabels(0), r), "same " + s);
            }
        }
    }

    @Test
    void aMaskArrivesAsClassIdsOfTheImagesSize(LiveService service) throws IOException {
        Path d = service.data;
        DatasetInfo seg = service.register(ListFileRegistration.named(service.uniqueName("seg")).baseDir(d.toString())
                .part("train-data", head(d.resolve("train-data.txt")))
                .part("train-label.mask", head(d.resolve("train-mask.txt"))));
        assertEquals("mask", seg.output("mask").kind());
        assertEquals(11, seg.output("mask").classes());
        GeneratorInfo g = service.client.createGenerator(seg.name(), GeneratorSettings.of("train").batchSize(64)
                .seed(8).layout(GeneratorSettings.Layout.NCHW).rescale(1 / 255.0));
        assertArrayEquals(new long[] {64, 28, 28}, g.array("mask").orElseThrow().shape());
        List<String> masks = Files.readAllLines(d.resolve("train-mask.txt"));
        try (DataGenMultiDataSetIterator it = new DataGenMultiDataSetIterator(service.client, g.id())) {
            MultiDataSet batch = it.next();
            int[] indices = service.client.batchSummary(g.id(), 0, 0, null).indices();
            assertArrayEquals(new long[] {64, 1, 28, 28}, batch.getFeatures(0).shape());
            assertArrayEquals(new long[] {64, 28, 28}, batch.getLabels(0).shape());
            assertEquals(DataType.UINT8, batch.getLabels(0).dataType());
            for (int r = 0; r < indices.length; r += 13) {
                assertArrayEquals(Arrays2.pixels(d.resolve(masks.get(indices[r]))), Arrays2.row(batch.getLabels(0), r),
                        "mask of sample " + indices[r]);
            }
        }
    }
}
