package dev.datagen.generator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

import dev.datagen.dataset.Dataset;
import dev.datagen.dataset.DatasetDescriptor;
import dev.datagen.dataset.DatasetDescriptor.InputInfo;
import dev.datagen.dataset.DatasetDescriptor.OutputInfo;
import dev.datagen.dataset.DatasetDescriptor.SplitInfo;
import dev.datagen.dataset.OutputKind;
import dev.datagen.image.ColorMode;
import dev.datagen.image.WorkerPool;
import dev.datagen.metrics.DatagenMetrics;
import dev.datagen.payload.ArrayPool;
import dev.datagen.payload.Batch;
import dev.datagen.payload.DType;
import dev.datagen.payload.NdArray;
import dev.datagen.payload.PoolProperties;
import dev.datagen.sampling.BatchPlan;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** Batches built ahead: found by the trainer that reads in order, bounded in bytes, dropped when unclaimed. */
class PrefetcherTest {

    /** 28x28 uint8 and ten float32 labels: 824 bytes a sample, 82,400 a batch of 100. */
    static final Dataset DATASET = new Dataset(1, "uid", "digits", "/data", Instant.EPOCH, new DatasetDescriptor(
            List.of(new InputInfo("image", 28, 28, ColorMode.GRAYSCALE, 1, null)),
            List.of(new OutputInfo("label", OutputKind.CATEGORICAL, 10, null, null, null, null)),
            Map.of("train", new SplitInfo(10_000, Map.of()))));
    static final long BATCH_BYTES = 100 * 824;

    final DatagenMetrics metrics = new DatagenMetrics(new SimpleMeterRegistry());
    final ArrayPool pool = new ArrayPool(new PoolProperties(DataSize.ofMegabytes(64)));
    final WorkerPool workers = new WorkerPool(2);
    final AtomicInteger built = new AtomicInteger();
    Prefetcher prefetcher;

    @AfterEach
    void stop() {
        prefetcher.destroy();
        workers.close();
    }

    static BatchJob job(String generator, long index) {
        return job(generator, 0, index);
    }

    static BatchJob job(String generator, long epoch, long index) {
        GeneratorSettings s = new GeneratorSettings("train", 100, true, 7L, false, DType.UINT8, null, Layout.NHWC, 1,
                OnError.FAIL, null, null, null, null, null, null, null, null, null, null);
        return new BatchJob(new Generator(generator, 1, "digits", s, Instant.EPOCH), DATASET,
                new BatchPlan(10_000, 100, false, 1), epoch, 0, index);
    }

    /** A stand-in batch whose array is large enough for the pool to keep once it is given back. */
    Batch fake(BatchJob job) {
        built.incrementAndGet();
        return new Batch(job.generator().id(), "digits", job.epoch(), 0, job.index(), new int[] {0},
                List.of(new NdArray("image", NdArray.Role.INPUT, DType.UINT8, new long[] {300 * 1024},
                        new byte[300 * 1024])), List.of());
    }

    Prefetcher prefetcher(Assembly assembly, long budget, Duration ttl) {
        prefetcher = new Prefetcher(assembly, new PrefetchProperties(true, 4, DataSize.ofBytes(budget), ttl), metrics,
                workers, pool);
        return prefetcher;
    }

    double counter(String name) {
        return metrics.registry().get(name).counter().count();
    }

    @Test
    void theBatchesBuiltAheadForAnNpzReaderCarryTheirNpzChecksums() throws Exception {
        Prefetcher p = prefetcher((job, priority) -> fake(job), 100 * BATCH_BYTES, Duration.ofMinutes(1));

        assertThat(p.serve(job("g", 0), true).npzChecksums()).as("built on demand: the writer computes them").isNull();
        waitFor(() -> built.get() == 5);
        Batch ahead = p.serve(job("g", 1), true);
        assertThat(ahead.npzChecksums()).hasSize(1).isEqualTo(ahead.withNpzChecksums().npzChecksums());
        waitFor(() -> built.get() == 6);
        for (int i = 2; i <= 5; i++) {
            assertThat(p.serve(job("g", i), false).npzChecksums()).as("built ahead for an npz reader").isNotNull();
        }
        waitFor(() -> built.get() == 10);
        assertThat(p.serve(job("g", 6), false).npzChecksums()).as("built ahead for another format").isNull();
    }

    @Test
    void aTrainerReadingInOrderFindsEachNextBatchBuiltAhead() throws Exception {
        Prefetcher p = prefetcher((job, priority) -> fake(job), 100 * BATCH_BYTES, Duration.ofMinutes(1));

        assertThat(p.serve(job("g", 0), false).index()).isZero();
        waitFor(() -> built.get() == 5);
        for (int i = 1; i <= 3; i++) {
            assertThat(p.serve(job("g", i), false).index()).isEqualTo(i);
        }

        assertThat(counter("datagen.prefetch.misses")).isEqualTo(1);
        assertThat(counter("datagen.prefetch.hits")).isEqualTo(3);
    }

    @Test
    void theBytesHeldNeverPassTheBudgetUnderConcurrentUse() throws Exception {
        long budget = 6 * BATCH_BYTES;
        Prefetcher p = prefetcher((job, priority) -> {
            sleep(3);
            return fake(job);
        }, budget, Duration.ofMinutes(1));
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong most = new AtomicLong();
        CompletableFuture<Void> watcher = CompletableFuture.runAsync(() -> {
            while (running.get()) {
                most.accumulateAndGet(p.heldBytes(), Math::max);
            }
        });
        List<CompletableFuture<Void>> trainers = new ArrayList<>();
        for (int t = 0; t < 6; t++) {
            String generator = "g" + t;
            trainers.add(CompletableFuture.runAsync(() -> {
                for (int i = 0; i < 40; i++) {
                    p.serve(job(generator, i), false);
                }
            }));
        }
        for (CompletableFuture<Void> t : trainers) {
            t.get();
        }
        running.set(false);
        watcher.get();
        assertThat(most.get()).as("most bytes ever held").isPositive().isLessThanOrEqualTo(budget);
    }

    @Test
    void unclaimedBatchesExpireAndTheirArraysAreGivenBack() throws Exception {
        Prefetcher p = prefetcher((job, priority) -> fake(job), 100 * BATCH_BYTES, Duration.ofMillis(300));

        p.serve(job("g", 0), false);
        waitFor(() -> built.get() == 5 && p.heldBytes() == 4 * BATCH_BYTES);
        waitFor(() -> p.heldBytes() == 0);

        assertThat(pool.pooledBytes()).as("the four expired batches' arrays").isEqualTo(4 * 300 * 1024);
    }

    @Test
    void batchesBuiltForAnEpochTheTrainerLeftBehindAreDroppedAndTheirArraysGivenBack() throws Exception {
        Prefetcher p = prefetcher((job, priority) -> fake(job), 100 * BATCH_BYTES, Duration.ofMinutes(1));
        p.serve(job("other", 0, 0), false);
        waitFor(() -> built.get() == 5 && p.heldBytes() == 4 * BATCH_BYTES);
        p.serve(job("g", 0, 0), false);
        waitFor(() -> built.get() == 10 && p.heldBytes() == 8 * BATCH_BYTES);

        // the trainer of "g" goes on with epoch 2: what was built for epoch 0 (batches 1-4) is of no use to it
        p.serve(job("g", 2, 0), false);
        waitFor(() -> built.get() == 15);

        assertThat(pool.pooledBytes()).as("the four dropped batches' arrays").isEqualTo(4 * 300 * 1024);
        assertThat(p.heldBytes()).as("another generator's, and the four ahead in epoch 2").isEqualTo(8 * BATCH_BYTES);
        assertThat(p.serve(job("other", 0, 1), false).index()).isEqualTo(1);
        assertThat(p.serve(job("g", 2, 1), false).index()).isEqualTo(1);
        assertThat(counter("datagen.prefetch.hits")).isEqualTo(2);
    }

    @Test
    void twoTrainersReadingOneShardAtDifferentEpochsBothFindTheirBatchesBuiltAhead() throws Exception {
        Prefetcher p = prefetcher((job, priority) -> fake(job), 100 * BATCH_BYTES, Duration.ofMinutes(1));

        p.serve(job("g", 0, 0), false);
        // a second trainer starts epoch 1 of the same shard: the first one's epoch 0 looks left behind, once
        p.serve(job("g", 1, 0), false);
        for (int i = 1; i <= 5; i++) {
            assertThat(p.serve(job("g", 0, i), false).epoch()).isZero();
            assertThat(p.serve(job("g", 1, i), false).epoch()).isEqualTo(1);
        }

        assertThat(counter("datagen.prefetch.misses")).as("each trainer's first batch, and the first one's second")
                .isEqualTo(3);
        assertThat(counter("datagen.prefetch.hits")).isEqualTo(9);
    }

    @Test
    void aFailedPrefetchIsBuiltAgainForTheTrainerAndAForgottenGeneratorsBatchesGo() throws Exception {
        Prefetcher p = prefetcher((job, priority) -> {
            if (priority == WorkerPool.Priority.PREFETCH && job.generator().id().equals("bad")) {
                throw new IllegalStateException("the disk hiccupped");
            }
            return fake(job);
        }, 100 * BATCH_BYTES, Duration.ofMinutes(1));

        p.serve(job("bad", 0), false);
        waitFor(() -> p.heldBytes() == 4 * BATCH_BYTES);
        Thread.sleep(100);
        assertThat(p.serve(job("bad", 1), false).index()).as("built again, on demand").isEqualTo(1);
        assertThat(counter("datagen.prefetch.hits")).isZero();

        p.serve(job("good", 0), false);
        waitFor(() -> p.heldBytes() >= 4 * BATCH_BYTES);
        p.forget("bad");
        p.forget("good");
        assertThat(p.heldBytes()).isZero();
        waitFor(() -> pool.pooledBytes() == 4 * 300 * 1024); // the arrays of the four "good" built ahead
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 10 s");
            }
            Thread.sleep(5);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
