package dev.datagen.client;

import static dev.datagen.client.Arrays2.assertSameArrays;
import static dev.datagen.client.Arrays2.row;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.MultiDataSet;

import dev.datagen.client.GeneratorSettings.Augment;
import dev.datagen.client.GeneratorSettings.DType;
import dev.datagen.client.GeneratorSettings.Layout;

/** The iterators against the live service, checked against the JSON view and the files on disk. */
@ExtendWith(LiveService.Resolver.class)
class IteratorIT {

    private LiveService service;
    private DataGenClient client;
    private String mnist;

    @BeforeEach
    void setUp(LiveService service) {
        this.service = service;
        this.client = service.client;
        this.mnist = service.mnist().name();
    }

    private GeneratorInfo generator(GeneratorSettings settings) {
        return client.createGenerator(mnist, settings);
    }

    /** The sample indices of every batch of an epoch, from the JSON view. */
    private List<int[]> epochIndices(GeneratorInfo g, long epoch, Integer shard) {
        long batches = g.batchesPerEpoch(shard == null ? 0 : shard);
        List<int[]> all = new ArrayList<>();
        for (long i = 0; i < batches; i++) {
            all.add(client.batchSummary(g.id(), epoch, i, shard).indices());
        }
        return all;
    }

    private static List<Integer> flat(List<int[]> batches) {
        return batches.stream().flatMapToInt(Arrays::stream).boxed().toList();
    }

    @Test
    void yieldsEverySampleOfAnEpochExactlyOnceWithItsOwnPixelsAndLabel() throws IOException {
        GeneratorInfo g = generator(GeneratorSettings.of("train").batchSize(64).seed(11).dtype(DType.UINT8));
        List<Path> images = service.imagePaths("train");
        List<float[]> labels = Arrays2.labels(service.data.resolve("train-label.txt"));
        int n = images.size();
        assertEquals(n, g.samplesPerEpoch());

        Set<Integer> seen = new HashSet<>();
        long batches = 0;
        try (DataGenMultiDataSetIterator it = new DataGenMultiDataSetIterator(client, g.id())) {
            while (it.hasNext()) {
                long index = it.batchIndex();
                MultiDataSet batch = it.next();
                int[] indices = client.batchSummary(g.id(), 0, index, null).indices();
                assertArrayEquals(new long[] {indices.length, 28, 28, 1}, batch.getFeatures(0).shape());
                assertArrayEquals(new long[] {indices.length, 10}, batch.getLabels(0).shape());
                for (int r = 0; r < indices.length; r++) {
                    int sample = indices[r];
                    assertTrue(seen.add(sample), "sample " + sample + " came twice (batch " + index + ")");
                    assertArrayEquals(Arrays2.pixels(images.get(sample)), row(batch.getFeatures(0), r),
                            "pixels of sample " + sample + " (" + images.get(sample) + ")");
                    assertArrayEquals(labels.get(sample), row(batch.getLabels(0), r), "label of sample " + sample);
                }
                batches++;
            }
            assertEquals(g.batchesPerEpoch(), batches);
            assertEquals(0, it.epoch());
            assertThrows(NoSuchElementException.class, it::next);
        }
        assertEquals(n, seen.size());
        assertEquals(IntStream.range(0, n).boxed().collect(Collectors.toSet()), seen);
    }

    @Test
    void resetMovesToTheNextEpochInANewOrderOfTheSameSamples() {
        GeneratorInfo g = client.createGenerator(mnist, GeneratorSettings.of("test").batchSize(100).seed(5));
        try (DataGenMultiDataSetIterator it = new DataGenMultiDataSetIterator(client, g.id())) {
            List<int[]> epoch0 = epochIndices(g, 0, null);
            List<int[]> epoch1 = epochIndices(g, 1, null);
            List<int[]> epoch2 = epochIndices(g, 2, null);
            assertLabelsFollow(it, g, 0, epoch0.size());
            assertFalse(it.hasNext());

            it.reset();
            assertEquals(1, it.epoch());
            assertEquals(0, it.batchIndex());
            assertLabelsFollow(it, g, 1, 3); // part of epoch 1 only: reset() also ends an epoch early
            it.reset();
            assertEquals(2, it.epoch());
            assertLabelsFollow(it, g, 2, epoch2.size());

            assertNotEquals(flat(epoch0), flat(epoch1), "shuffled epochs have different orders");
            assertEquals(new HashSet<>(flat(epoch0)), new HashSet<>(flat(epoch1)));
            assertEquals(1000, new HashSet<>(flat(epoch2)).size());
        }
    }

    /** The next {@code count} batches of the iterator are batches 0.. of {@code epoch} per the JSON view. */
    private void assertLabelsFollow(DataGenMultiDataSetIterator it, GeneratorInfo g, long epoch, int count) {
        for (int i = 0; i < count; i++) {
            float[][] expected = client.batchSummary(g.id(), epoch, i, null).labels().get("label");
            MultiDataSet batch = it.next();
            for (int r = 0; r < expected.length; r++) {
                assertArrayEquals(expected[r], row(batch.getLabels(0), r), "epoch " + epoch + " batch " + i + " row " + r);
            }
        }
    }

    @Test
    void theSameEpochAndIndexGiveEqualArraysEvenWithAugmentation() {
        GeneratorInfo g = generator(GeneratorSettings.of("train").batchSize(32).seed(3)
                .augment(Augment.none().rotationRange(15).zoomRange(0.1).widthShiftRange(0.1)).rescale(1 / 255.0));
        MultiDataSet a = client.batch(g.id(), 3, 5, null);
        MultiDataSet b = client.batch(g.id(), 3, 5, null);
        assertSameArrays(a, b, "epoch 3 batch 5 asked twice");
        try (DataGenMultiDataSetIterator it = new DataGenMultiDataSetIterator(client, g.id(),
                IteratorOptions.DEFAULT.startEpoch(3))) {
            for (int i = 0; i < 5; i++) {
                it.next();
            }
            assertSameArrays(a, it.next(), "epoch 3 batch 5 through the iterator");
        }
        MultiDataSet otherEpoch = client.batch(g.id(), 4, 5, null);
        assertFalse(Arrays.equals(Arrays2.values(a.getFeatures(0)), Arrays2.values(otherEpoch.getFeatures(0))));
    }

    @Test
    void prefetchHandsOutTheBatchesInOrderWhateverItsDepth() throws InterruptedException {
        GeneratorInfo g = client.createGenerator(mnist, GeneratorSettings.of("test").batchSize(50).seed(9)
                .rescale(1 / 255.0).layout(Layout.NCHW));
        assertEquals(20, g.batchesPerEpoch());
        for (int depth : new int[] {1, 3, 32}) {
            try (DataGenMultiDataSetIterator it = new DataGenMultiDataSetIterator(client, g.id(),
                    IteratorOptions.DEFAULT.prefetch(depth).startEpoch(depth))) {
                for (int i = 0; it.hasNext(); i++) {
                    if (i % 7 == 0) {
                        Thread.sleep(50); // a slow step lets the prefetcher run ahead
                    }
                    MultiDataSet batch = it.next();
                    assertArrayEquals(new long[] {50, 1, 28, 28}, batch.getFeatures(0).shape());
                    assertSameArrays(client.batch(g.id(), depth, i, null), batch, "depth " + depth + " batch " + i);
                }
            }
        }
    }

    @Test
    void prefetchKeepsAtMostDepthBatchesWaiting() throws InterruptedException {
        GeneratorInfo g = generator(GeneratorSettings.of("train").batchSize(16).seed(1));
        try (DataGenMultiDataSetIterator it = new DataGenMultiDataSetIterator(client, g.id(),
                IteratorOptions.DEFAULT.prefetch(3))) {
            BatchPrefetcherTest.waitFor(() -> it.bufferedBatches() == 3);
            Thread.sleep(300);
            assertEquals(3, it.bufferedBatches());
            it.next();
            BatchPrefetcherTest.waitFor(() -> it.bufferedBatches() == 3);
            it.reset(); // drops (and releases) what was fetched ahead in epoch 0
            assertEquals(1, it.epoch());
            BatchPrefetcherTest.waitFor(() -> it.bufferedBatches() == 3);
        }
    }

    @Test
    void shardsAreDisjointAndCoverTheEpoch() {
        GeneratorInfo g = client.createGenerator(mnist, GeneratorSettings.of("test").batchSize(64).seed(4).numShards(3));
        assertThrows(IllegalArgumentException.class, () -> new DataGenMultiDataSetIterator(client, g.id()));
        Set<Integer> all = new HashSet<>();
        for (int k = 0; k < 3; k++) {
            List<int[]> indices = epochIndices(g, 7, k);
            int samples = 0;
            try (DataGenMultiDataSetIterator it = new DataGenMultiDataSetIterator(client, g,
                    IteratorOptions.DEFAULT.shard(k).startEpoch(7))) {
                for (int i = 0; it.hasNext(); i++) {
                    MultiDataSet batch = it.next();
                    assertEquals(indices.get(i).length, batch.getFeatures(0).size(0), "shard " + k + " batch " + i);
                    samples += (int) batch.getFeatures(0).size(0);
                }
            }
            assertEquals(g.shard(k).samples(), samples);
            for (int sample : flat(indices)) {
                assertTrue(all.add(sample), "sample " + sample + " is in two shards");
            }
        }
        assertEquals(1000, all.size());
    }

    @Test
    void aRefusalOfTheServiceSurfacesFromNextWithItsDetail() {
        GeneratorInfo g = generator(GeneratorSettings.of("train").batchSize(64));
        try (DataGenMultiDataSetIterator it = new DataGenMultiDataSetIterator(client, g.id(),
                IteratorOptions.DEFAULT.prefetch(1))) {
            client.deleteGenerator(g.id());
            int served = 0;
            DataGenException refusal = null;
            while (refusal == null && served < 10) {
                try {
                    it.next();
                    served++; // fetched before the deletion
                } catch (DataGenException e) {
                    refusal = e;
                }
            }
            assertTrue(served <= 3, served + " batches after the generator was deleted");
            assertEquals(404, refusal.status());
            assertEquals("/problems/not-found", refusal.type());
            assertTrue(refusal.detail().contains(g.id()), refusal.detail());
            long position = it.batchIndex();
            assertThrows(DataGenException.class, it::next, "asked again, the batch is refused again");
            assertEquals(position, it.batchIndex(), "a refused batch is not skipped");
        }
    }

    @Test
    void retriesAgainstADeadServiceAreBoundedForTheIteratorToo() throws IOException {
        GeneratorInfo g = generator(GeneratorSettings.of("train").batchSize(64));
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        DataGenClient dead = DataGenClient.builder(URI.create("http://127.0.0.1:" + port))
                .retry(new RetryPolicy(3, Duration.ofMillis(100), Duration.ofSeconds(1), 2.0)).build();
        long start = System.nanoTime();
        try (DataGenMultiDataSetIterator it = new DataGenMultiDataSetIterator(dead, g, IteratorOptions.DEFAULT)) {
            DataGenUnreachableException e = assertThrows(DataGenUnreachableException.class, it::next);
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertEquals(3, e.attempts());
            assertTrue(millis >= 300 && millis < 5_000, millis + " ms");
            assertEquals(0, it.batchIndex());
        }
    }

    @Test
    void theMultiIteratorAppliesItsPreProcessorToEveryBatch() {
        GeneratorInfo g = client.createGenerator(mnist, GeneratorSettings.of("test").batchSize(500).seed(6));
        try (DataGenMultiDataSetIterator it = new DataGenMultiDataSetIterator(client, g.id())) {
            it.setPreProcessor(m -> m.getFeatures(0).divi(255));
            for (int i = 0; it.hasNext(); i++) {
                MultiDataSet batch = it.next();
                MultiDataSet direct = client.batch(g.id(), 0, i, null);
                assertArrayEquals(Arrays2.values(direct.getFeatures(0).div(255)), Arrays2.values(batch.getFeatures(0)),
                        1e-6f);
            }
        }
    }

    @Test
    void theDataSetIteratorDescribesItsGeneratorAndAppliesThePreProcessor() {
        GeneratorInfo g = generator(GeneratorSettings.of("train").batchSize(64).seed(2).layout(Layout.NCHW)
                .rescale(1 / 255.0));
        try (DataGenDataSetIterator it = new DataGenDataSetIterator(client, g.id())) {
            assertEquals(784, it.inputColumns());
            assertEquals(10, it.totalOutcomes());
            assertEquals(64, it.batch());
            assertNull(it.getLabels(), "list-file datasets without a spec have no class names");
            assertTrue(it.resetSupported());
            assertFalse(it.asyncSupported());
            it.setPreProcessor(ds -> ds.getFeatures().muli(255));
            DataSet first = it.next();
            MultiDataSet direct = client.batch(g.id(), 0, 0, null);
            assertArrayEquals(new long[] {64, 1, 28, 28}, first.getFeatures().shape());
            assertArrayEquals(Arrays2.values(direct.getFeatures(0).mul(255)), Arrays2.values(first.getFeatures()),
                    1e-4f);
            assertArrayEquals(Arrays2.values(direct.getLabels(0)), Arrays2.values(first.getLabels()));
        }
        GeneratorInfo twoOutputs = client.createGenerator(service.mnistMultiTask().name(), GeneratorSettings.of("train"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new DataGenDataSetIterator(client, twoOutputs.id()));
        assertTrue(e.getMessage().contains("DataGenMultiDataSetIterator"), e.getMessage());
    }
}
