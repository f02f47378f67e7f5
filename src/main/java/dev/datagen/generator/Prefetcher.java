package dev.datagen.generator;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiPredicate;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import dev.datagen.dataset.DatasetDeleted;
import dev.datagen.image.WorkerPool;
import dev.datagen.metrics.DatagenMetrics;
import dev.datagen.payload.ArrayPool;
import dev.datagen.payload.Batch;

/**
 * Serves batches, building the next few of a (generator, shard) in the background after each one so that
 * a trainer reading in order waits only for the network. Since a batch is a pure function of its job, a
 * prefetched batch is byte-identical to one built on demand; its samples run on the worker pool behind
 * batches a trainer is waiting for.
 *
 * <p>Prefetched batches are held in a map, their bytes counted against {@code datagen.prefetch.max-memory}:
 * a batch is only started when its bytes fit beside those already held. One nobody asks for within
 * {@code datagen.prefetch.ttl} is dropped by a sweep. (A Caffeine cache held them before, but the budget was
 * this class's own all the same, and Caffeine's upkeep ran on the request thread at every hand-over: taking
 * a batch out took 0.07 to 0.11 ms in the median, now 0.02 to 0.03, time a trainer waits for the first byte.)
 */
@Component
class Prefetcher implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(Prefetcher.class);

    private record Entry(CompletableFuture<Batch> batch, long bytes, long datasetId, long expiresAt) {
    }

    private final Assembly assembler;
    private final PrefetchProperties properties;
    private final DatagenMetrics metrics;
    private final ArrayPool pool;
    private final long budget;
    private final long ttlNanos;
    private final ConcurrentHashMap<BatchJob.BatchKey, Entry> entries = new ConcurrentHashMap<>();
    private final EpochReads reads = new EpochReads();
    private final AtomicLong held = new AtomicLong();
    private final ExecutorService coordinators;
    private final ScheduledExecutorService sweeper;

    Prefetcher(Assembly assembler, PrefetchProperties properties, DatagenMetrics metrics, WorkerPool workers,
            ArrayPool pool) {
        this.assembler = assembler;
        this.properties = properties;
        this.metrics = metrics;
        this.pool = pool;
        this.budget = properties.effectiveMaxMemory();
        this.ttlNanos = properties.ttl().toNanos();
        AtomicInteger n = new AtomicInteger();
        // coordinators only wait for samples running on the worker pool; two keep it busy between batches
        this.coordinators = Executors.newFixedThreadPool(Math.max(2, workers.threads()), r -> {
            Thread t = new Thread(r, "datagen-prefetch-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "datagen-prefetch-sweep");
            t.setDaemon(true);
            return t;
        });
        // a batch outlives its TTL by at most half of it, and at most a second
        long period = Math.max(10, Math.min(properties.ttl().toMillis() / 2, 1000));
        sweeper.scheduleWithFixedDelay(this::dropExpired, period, period, TimeUnit.MILLISECONDS);
        metrics.registry().gauge("datagen.prefetch.bytes", this, Prefetcher::heldBytes);
    }

    /** @param npz whether the trainer reads npz: the batches built ahead for it get their npz checksums */
    Batch serve(BatchJob job, boolean npz) {
        reads.record(job);
        Entry entry = take(job.key());
        Batch batch = null;
        if (entry != null) {
            try {
                batch = entry.batch().get();
                metrics.prefetchHit();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            } catch (ExecutionException e) {
                batch = null; // build it again below, so the trainer gets this request's own error
            }
        }
        if (batch == null) {
            metrics.prefetchMiss();
            batch = assembler.assemble(job, WorkerPool.Priority.SERVE);
        }
        dropPassed(job);
        scheduleAfter(job, npz);
        return batch;
    }

    /**
     * A trainer reading epoch e of a shard no longer reads that shard's earlier epochs: what was built ahead
     * for them (the first batches of an epoch it skipped, or of one it stopped reading) gives back its budget
     * and arrays now rather than at the TTL. Until then each such batch held 10 MB that the next batches had
     * to allocate anew: measured, a tenth of a warm epoch's service CPU went on clearing those new pages.
     * An earlier epoch that another trainer still reads keeps its batches ({@link EpochReads}).
     */
    private void dropPassed(BatchJob job) {
        String generator = job.generator().id();
        drop((key, e) -> key.generatorId().equals(generator) && key.shard() == job.shard() && key.epoch() < job.epoch()
                && reads.leftBehind(job, key.epoch()));
    }

    /** Drops the batches {@code which} picks, giving their arrays back for others to use, now or once built. */
    private void drop(BiPredicate<BatchJob.BatchKey, Entry> which) {
        entries.forEach((key, entry) -> {
            if (which.test(key, entry) && entries.remove(key, entry)) {
                held.addAndGet(-entry.bytes());
                discard(entry);
            }
        });
    }

    /** The entry of {@code key}, no longer held. */
    private Entry take(BatchJob.BatchKey key) {
        Entry entry = entries.remove(key);
        if (entry != null) {
            held.addAndGet(-entry.bytes());
        }
        return entry;
    }

    /** Batches nobody asked for in time: their arrays can build others. */
    private void dropExpired() {
        long now = System.nanoTime();
        drop((key, e) -> now - e.expiresAt() >= 0);
        reads.forgetOlderThan(ttlNanos);
    }

    private void discard(Entry entry) {
        entry.batch().thenAccept(batch -> batch.arrays().forEach(a -> pool.give(a.data())));
    }

    private void scheduleAfter(BatchJob job, boolean npz) {
        if (!properties.enabled() || properties.depth() == 0) {
            return;
        }
        long bytes = job.plan().batchSize() * new BatchLayout(job.dataset().descriptor(), job.generator().settings())
                .bytesPerSample();
        for (int k = 1; k <= properties.depth(); k++) {
            BatchJob next = job.advance(k);
            if (next == null || entries.containsKey(next.key())) {
                continue;
            }
            CompletableFuture<Batch> future = admit(next, bytes);
            if (future == null) {
                return; // the budget is full: the ones further ahead would not fit either
            }
            coordinators.execute(() -> {
                try {
                    Batch built = assembler.assemble(next, WorkerPool.Priority.PREFETCH);
                    future.complete(npz ? built.withNpzChecksums() : built);
                } catch (RuntimeException e) {
                    log.debug("prefetch of {} failed: {}", next.key(), e.toString());
                    future.completeExceptionally(e);
                }
            });
        }
    }

    /** The future of a batch to build, held from now on; null when its bytes would pass the budget. */
    private CompletableFuture<Batch> admit(BatchJob job, long bytes) {
        long now;
        do {
            now = held.get();
            if (now + bytes > budget) {
                return null;
            }
        } while (!held.compareAndSet(now, now + bytes));
        CompletableFuture<Batch> future = new CompletableFuture<>();
        Entry entry = new Entry(future, bytes, job.dataset().id(), System.nanoTime() + ttlNanos);
        if (entries.putIfAbsent(job.key(), entry) != null) {
            held.addAndGet(-bytes);
            return null;
        }
        return future;
    }

    long heldBytes() {
        return held.get();
    }

    /** Forgets what was prefetched for a generator that is gone. */
    void forget(String generatorId) {
        drop((key, e) -> key.generatorId().equals(generatorId));
        reads.forget(generatorId);
    }

    /** The dataset's generators went with it: free what was prefetched for them now. */
    @EventListener
    void onDatasetDeleted(DatasetDeleted event) {
        drop((key, e) -> e.datasetId() == event.id());
    }

    @Override
    public void destroy() {
        sweeper.shutdownNow();
        coordinators.shutdownNow();
    }
}
