package dev.datagen.client;

import static dev.datagen.client.Arrays2.assertSameArrays;
import static dev.datagen.client.Arrays2.row;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nd4j.linalg.dataset.api.MultiDataSet;

import dev.datagen.client.GeneratorSettings.DType;

/**
 * Checkpoint and elastic resume against the live service: the iterators of a job stopped with 8 workers and
 * resumed with 5 read exactly the positions left of the epoch's order, each once, checked batch by batch
 * against the JSON view.
 */
@ExtendWith(LiveService.Resolver.class)
class ResumeIT {

    private DataGenClient client;
    private String mnist;

    @BeforeEach
    void setUp(LiveService service) {
        this.client = service.client;
        this.mnist = service.mnist().name();
    }

    /** The order of epoch {@code epoch} of the test split with {@code seed}: one batch of all 1,000. */
    private List<Integer> order(long seed, long epoch) {
        GeneratorInfo whole = client.createGenerator(mnist, GeneratorSettings.of("test").batchSize(1000).seed(seed));
        return Arrays.stream(client.batchSummary(whole.id(), epoch, 0, null).indices()).boxed().toList();
    }

    /**
     * Takes {@code count} batches (all that are left: -1) from {@code it}; returns the samples they hold, per the
     * JSON view of the batches of the iterator's dealing, whose labels they must carry.
     */
    private List<Integer> take(DataGenMultiDataSetIterator it, int count) {
        List<Integer> samples = new ArrayList<>();
        for (int n = 0; it.hasNext() && n != count; n++) {
            BatchSummary expected = it.dealing().summary(client, it.generator().id(), it.epoch(), it.shard(),
                    it.batchIndex());
            MultiDataSet batch = it.next();
            float[][] labels = expected.labels().get("label");
            assertEquals(labels.length, batch.getLabels(0).size(0));
            for (int r = 0; r < labels.length; r++) {
                assertArrayEquals(labels[r], row(batch.getLabels(0), r), "row " + r + " of " + expected.index());
            }
            Arrays.stream(expected.indices()).forEach(samples::add);
        }
        return samples;
    }

    @Test
    void aCheckpointOfEightWorkersResumesWithFiveReadingEachRemainingPositionOnce() {
        GeneratorInfo g = client.createGenerator(mnist, GeneratorSettings.of("test").batchSize(16).seed(21)
                .numShards(8).dtype(DType.UINT8));
        List<Integer> order = order(21, 0);
        List<Integer> consumed = new ArrayList<>();
        List<IteratorState> states = new ArrayList<>();
        for (int k = 0; k < 8; k++) { // every worker takes 3 of its 8 batches, in lockstep
            try (DataGenMultiDataSetIterator it = new DataGenMultiDataSetIterator(client, g,
                    IteratorOptions.DEFAULT.shard(k).prefetch(2))) {
                consumed.addAll(take(it, 3));
                states.add(it.state());
            }
        }
        IteratorState state = IteratorState.fromJson(states.get(0).toJson()); // as saved with a checkpoint
        assertEquals(new IteratorState(g.id(), 0, 384, 1000, 16, 8, 0), state);
        assertEquals(List.of(state), new ArrayList<>(new HashSet<>(states)), "every worker has the same state");
        assertEquals(new HashSet<>(order.subList(0, 384)), new HashSet<>(consumed));

        List<Integer> remaining = new ArrayList<>();
        for (int k = 0; k < 5; k++) {
            try (DataGenMultiDataSetIterator it = new DataGenMultiDataSetIterator(client, g,
                    IteratorOptions.DEFAULT.numShards(5).shard(k).resume(state))) {
                assertEquals(0, it.epoch());
                assertEquals(5, it.dealing().numShards());
                assertEquals(384, it.dealing().from());
                assertEquals(client.generator(g.id(), 5, 384L).shards().get(k).batches(), it.batchesPerEpoch());
                List<Integer> mine = take(it, -1);
                int shard = k;
                assertEquals(IntStream.range(0, order.size()).filter(p -> p >= 384 && (p - 384) % 5 == shard)
                        .mapToObj(order::get).toList(), mine, "worker " + k + " of 5");
                remaining.addAll(mine);
                // the epoch is over: the next one, whole, dealt to the 5 workers
                assertEquals(new IteratorState(g.id(), 1, 0, 1000, 16, 5, 0), it.state());
                it.reset();
                assertEquals(1, it.epoch());
                assertEquals(0, it.dealing().from());
                assertEquals(13, it.batchesPerEpoch()); // 200 samples per worker in batches of 16
            }
        }
        assertEquals(order.subList(384, 1000).size(), remaining.size());
        assertEquals(new HashSet<>(order.subList(384, 1000)), new HashSet<>(remaining));
        assertEquals(1000, new HashSet<>(remaining).size() + new HashSet<>(consumed).size());
    }

    @Test
    void asManyWorkersCarryOnWithTheBatchesOfAnUninterruptedRun() {
        GeneratorInfo g = client.createGenerator(mnist, GeneratorSettings.of("test").batchSize(32).seed(4).numShards(3)
                .rescale(1 / 255.0).mixup(0.4));
        IteratorState state;
        try (DataGenMultiDataSetIterator it = new DataGenMultiDataSetIterator(client, g,
                IteratorOptions.DEFAULT.shard(1).startEpoch(2))) {
            take(it, 3);
            state = it.state();
        }
        assertEquals(new IteratorState(g.id(), 2, 3 * 3 * 32, 1000, 32, 3, 0), state);
        try (DataGenDataSetIterator it = new DataGenDataSetIterator(client, g, IteratorOptions.DEFAULT.shard(1))) {
            it.restore(state);
            DataGenMultiDataSetIterator source = it.source();
            assertEquals(3, source.batchIndex());
            assertEquals(0, source.dealing().from());
            for (long i = 3; it.hasNext(); i++) {
                MultiDataSet expected = client.batch(g.id(), 2, i, 1);
                org.nd4j.linalg.dataset.DataSet batch = it.next();
                assertSameArrays(expected, new org.nd4j.linalg.dataset.MultiDataSet(batch.getFeatures(),
                        batch.getLabels()), "batch " + i + ", mixed with the same partners and lambda");
            }
            assertEquals(new IteratorState(g.id(), 3, 0, 1000, 32, 3, 0), it.state());
        }
    }

    @Test
    void theFewPositionsLeftAtTheEndOfAnEpochGoToTheFirstWorkers() {
        GeneratorInfo g = client.createGenerator(mnist, GeneratorSettings.of("test").batchSize(16).seed(8));
        List<Integer> order = order(8, 0);
        IteratorState state = new IteratorState(g.id(), 0, 997, 1000, 16, 1, 0);
        List<Integer> tail = new ArrayList<>();
        for (int k = 0; k < 8; k++) {
            try (DataGenMultiDataSetIterator it = new DataGenMultiDataSetIterator(client, g,
                    IteratorOptions.DEFAULT.numShards(8).shard(k).resume(state))) {
                assertEquals(k < 3 ? 1 : 0, it.batchesPerEpoch(), "worker " + k);
                tail.addAll(take(it, -1));
                assertFalse(it.hasNext());
            }
        }
        assertEquals(order.subList(997, 1000), tail);
    }

    @Test
    void aBadFromIsTheServicesRefusalAndAStateOfAnotherGeneratorIsRefused() {
        GeneratorInfo g = client.createGenerator(mnist, GeneratorSettings.of("test").batchSize(16).seed(3).numShards(8));
        DataGenException e = assertThrows(DataGenException.class, () -> client.batchSummary(g.id(), 0, 0, 0, 5, 1001L));
        assertEquals(400, e.status());
        assertEquals("/problems/invalid-request", e.type());
        assertEquals("from", e.properties().get("parameter"));
        assertTrue(e.detail().contains("from must be an integer from 0 to 1000"), e.detail());
        DataGenException shard = assertThrows(DataGenException.class, () -> client.generator(g.id(), 0, null));
        assertEquals("numShards", shard.properties().get("parameter"));
        IteratorState other = new IteratorState("another-generator", 0, 0, 1000, 16, 8, 0);
        assertThrows(IllegalArgumentException.class, () -> new DataGenMultiDataSetIterator(client, g,
                IteratorOptions.DEFAULT.shard(0).resume(other)));
    }
}
