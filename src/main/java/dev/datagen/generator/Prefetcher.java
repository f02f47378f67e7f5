package dev.datagen.generator;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiPredicate;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.Scheduler;
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
 * <p>Prefetched batches live in a Caffeine cache weighed by their bytes and expiring after
 * {@code datagen.prefetch.ttl}. A batch is only started when its bytes fit in
 * {@code datagen.prefetch.max-memory} beside those already held: Caffeine's own bound would instead make
 * room by evicting batches that are still being built, whose memory is taken all the same.
 */
@Component
class Prefetcher implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(Prefetcher.class);

    private record Entry(CompletableFuture<Batch> batch, long bytes, long datasetId) {
    }

    private final Assembly assembler;
    private final PrefetchProperties properties;
    private final DatagenMetrics metrics;
    private final ArrayPool pool;
    private final long budget;
    private final Cache<BatchJob.BatchKey, Entry> entries;
    private final ExecutorService coordinators;

    Prefetcher(Assembly assembler, PrefetchProperties properties, DatagenMetrics metrics, WorkerPool workers,
            ArrayPool pool) {
        this.assembler = assembler;
        this.properties = properties;
        this.metrics = metrics;
        this.pool = pool;
        this.budget = properties.effectiveMaxMemory();
        this.entries = Caffeine.newBuilder()
                .maximumWeight(Math.max(1, budget))
                .weigher((BatchJob.BatchKey key, Entry e) -> (int) Math.min(Integer.MAX_VALUE, e.bytes()))
                .expireAfterWrite(properties.ttl())
                // upkeep and the listener run on the calling thread; the scheduler expires unclaimed batches
                // even when no request comes
                .executor(Runnable::run)
                .scheduler(Scheduler.systemScheduler())
                .removalListener(this::dropped)
                .build();
        AtomicInteger n = new AtomicInteger();
        // coordinators only wait for samples running on the worker pool; two keep it busy between batches
        this.coordinators = Executors.newFixedThreadPool(Math.max(2, workers.threads()), r -> {
            Thread t = new Thread(r, "datagen-prefetch-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        metrics.registry().gauge("datagen.prefetch.bytes", this, Prefetcher::heldBytes);
    }

    Batch serve(BatchJob job) {
        Entry entry = entries.asMap().remove(job.key());
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
        scheduleAfter(job);
        return batch;
    }

    /**
     * A trainer reading epoch e of a shard no longer reads that shard's earlier epochs: what was built ahead
     * for them (the first batches of an epoch it skipped, or of one it stopped reading) gives back its budget
     * and arrays now rather than at the TTL. Until then each such batch held 10 MB that the next batches had
     * to allocate anew: measured, a tenth of a warm epoch's service CPU went on clearing those new pages.
     */
    private void dropPassed(BatchJob job) {
        String generator = job.generator().id();
        drop((key, e) -> key.generatorId().equals(generator) && key.shard() == job.shard() && key.epoch() < job.epoch());
    }

    /** Drops the batches {@code which} picks, giving their arrays back for others to use, now or once built. */
    private void drop(BiPredicate<BatchJob.BatchKey, Entry> which) {
        entries.asMap().forEach((key, entry) -> {
            if (which.test(key, entry) && entries.asMap().remove(key, entry)) {
                discard(entry);
            }
        });
    }

    private void discard(Entry entry) {
        if (entry != null) { // the removal listener's entry may have been collected
            entry.batch().thenAccept(batch -> batch.arrays().forEach(a -> pool.give(a.data())));
        }
    }

    private void scheduleAfter(BatchJob job) {
        if (!properties.enabled() || properties.depth() == 0) {
            return;
        }
        long bytes = job.plan().batchSize() * new BatchLayout(job.dataset().descriptor(), job.generator().settings())
                .bytesPerSample();
        for (int k = 1; k <= properties.depth(); k++) {
            BatchJob next = job.advance(k);
            if (next == null || entries.asMap().containsKey(next.key())) {
                continue;
            }
            CompletableFuture<Batch> future = admit(next, bytes);
            if (future == null) {
                return; // the budget is full: the ones further ahead would not fit either
            }
            coordinators.execute(() -> {
                try {
                    future.complete(assembler.assemble(next, WorkerPool.Priority.PREFETCH));
                } catch (RuntimeException e) {
                    log.debug("prefetch of {} failed: {}", next.key(), e.toString());
                    future.completeExceptionally(e);
                }
            });
        }
    }

    /** The future of a batch to build, held from now on; null when its bytes would pass the budget. */
    private synchronized CompletableFuture<Batch> admit(BatchJob job, long bytes) {
        entries.cleanUp(); // expired batches leave the budget before it is read
        if (heldBytes() + bytes > budget) {
            return null;
        }
        CompletableFuture<Batch> future = new CompletableFuture<>();
        Entry held = entries.asMap().putIfAbsent(job.key(), new Entry(future, bytes, job.dataset().id()));
        return held == null ? future : null;
    }

    /** A batch nobody asked for in time: its arrays can build others. */
    private void dropped(BatchJob.BatchKey key, Entry entry, RemovalCause cause) {
        if (cause.wasEvicted()) {
            discard(entry);
        }
    }

    long heldBytes() {
        return entries.policy().eviction().orElseThrow().weightedSize().orElse(0);
    }

    /** Forgets what was prefetched for a generator that is gone. */
    void forget(String generatorId) {
        drop((key, e) -> key.generatorId().equals(generatorId));
    }

    /** The dataset's generators went with it: free what was prefetched for them now. */
    @EventListener
    void onDatasetDeleted(DatasetDeleted event) {
        drop((key, e) -> e.datasetId() == event.id());
    }

    @Override
    public void destroy() {
        coordinators.shutdownNow();
    }
}
