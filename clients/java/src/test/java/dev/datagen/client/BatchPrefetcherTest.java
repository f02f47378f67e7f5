package dev.datagen.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

/** The prefetcher on its own, with batches made in memory: order, bound, failures, release. */
class BatchPrefetcherTest {

    /** A batch whose single feature value is {@code epoch * 1000 + index}. */
    private static MultiDataSet batch(long epoch, long index) {
        INDArray f = Nd4j.create(DataType.FLOAT, 1, 1).assign(epoch * 1000 + index);
        return new MultiDataSet(new INDArray[] {f}, new INDArray[] {f.dup()});
    }

    private static long id(org.nd4j.linalg.dataset.api.MultiDataSet b) {
        return (long) b.getFeatures(0).getFloat(0);
    }

    @Test
    void handsOutTheBatchesOfTheRangeInOrder() {
        try (BatchPrefetcher p = new BatchPrefetcher(BatchPrefetcherTest::batch, 3, 2, 9, 2, "test")) {
            for (long i = 2; i < 9; i++) {
                assertEquals(3000 + i, id(p.take()));
            }
        }
    }

    @Test
    void fetchesNoMoreThanDepthAheadOfTheConsumer() throws InterruptedException {
        AtomicInteger fetched = new AtomicInteger();
        try (BatchPrefetcher p = new BatchPrefetcher((e, i) -> {
            fetched.incrementAndGet();
            return batch(e, i);
        }, 0, 0, 100, 3, "test")) {
            waitFor(() -> p.buffered() == 3);
            Thread.sleep(200);
            assertEquals(3, p.buffered());
            // 3 waiting, plus at most the one fetched and waiting for room
            assertTrue(fetched.get() <= 4, "fetched " + fetched.get());
            p.take();
            waitFor(() -> p.buffered() == 3);
            assertTrue(fetched.get() <= 5, "fetched " + fetched.get());
        }
    }

    @Test
    void aFailureTakesTheFailedBatchsPlaceAfterTheBatchesBeforeIt() {
        IllegalStateException boom = new IllegalStateException("batch 2 refused");
        try (BatchPrefetcher p = new BatchPrefetcher((e, i) -> {
            if (i == 2) {
                throw boom;
            }
            return batch(e, i);
        }, 0, 0, 5, 4, "test")) {
            assertEquals(0, id(p.take()));
            assertEquals(1, id(p.take()));
            assertSame(boom, assertThrows(IllegalStateException.class, p::take));
        }
    }

    @Test
    void closeReleasesTheNativeMemoryOfBatchesNeverTaken() {
        List<MultiDataSet> made = new CopyOnWriteArrayList<>();
        BatchPrefetcher p = new BatchPrefetcher((e, i) -> {
            MultiDataSet b = batch(e, i);
            made.add(b);
            return b;
        }, 0, 0, 10, 4, "test");
        org.nd4j.linalg.dataset.api.MultiDataSet taken = p.take();
        waitFor(() -> p.buffered() == 4);
        p.close();
        assertTrue(made.size() >= 5);
        assertTrue(!taken.getFeatures(0).wasClosed(), "a batch handed out belongs to the caller");
        for (int i = 1; i < made.size(); i++) {
            MultiDataSet b = made.get(i);
            assertTrue(b.getFeatures(0).wasClosed() && b.getLabels(0).wasClosed(), "batch " + i + " not released");
        }
        assertThrows(IllegalStateException.class, p::take);
    }

    @Test
    void anEmptyRangeFetchesNothing() throws InterruptedException {
        AtomicInteger fetched = new AtomicInteger();
        try (BatchPrefetcher p = new BatchPrefetcher((e, i) -> {
            fetched.incrementAndGet();
            return batch(e, i);
        }, 0, 5, 5, 2, "test")) {
            Thread.sleep(100);
            assertEquals(0, p.buffered());
            assertEquals(0, fetched.get());
        }
    }

    static void waitFor(java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 10 s");
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }
}
