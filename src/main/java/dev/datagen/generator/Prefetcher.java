package dev.datagen.generator;

import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import dev.datagen.dataset.DatasetDeleted;
import dev.datagen.image.WorkerPool;
import dev.datagen.metrics.DatagenMetrics;
import dev.datagen.payload.Batch;

/**
 * Serves batches, building the next few of a (generator, shard) in the background after each one so that
 * a trainer reading in order waits only for the network. Prefetched batches are held within
 * {@code datagen.prefetch.max-memory}; their samples run on the worker pool behind batches a trainer is
 * waiting for. Since a batch is a pure function of its job, a prefetched batch is byte-identical to one
 * built on demand.
 */
@Component
class Prefetcher implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(Prefetcher.class);

    private record Entry(CompletableFuture<Batch> batch, long bytes, long createdNanos, long datasetId) {
    }

    private final BatchAssembler assembler;
    private final PrefetchProperties properties;
    private final DatagenMetrics metrics;
    private final Map<BatchJob.BatchKey, Entry> entries = new ConcurrentHashMap<>();
    private final AtomicLong reserved = new AtomicLong();
    private final ExecutorService coordinators;

    Prefetcher(BatchAssembler assembler, PrefetchProperties properties, DatagenMetrics metrics, WorkerPool pool) {
        this.assembler = assembler;
        this.properties = properties;
        this.metrics = metrics;
        AtomicInteger n = new AtomicInteger();
        // coordinators only wait for samples running on the worker pool; two keep it busy between batches
        this.coordinators = Executors.newFixedThreadPool(Math.max(2, pool.threads()), r -> {
            Thread t = new Thread(r, "datagen-prefetch-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        metrics.registry().gauge("datagen.prefetch.bytes", reserved);
    }

    Batch serve(BatchJob job) {
        Entry entry = entries.remove(job.key());
        Batch batch = null;
        if (entry != null) {
            reserved.addAndGet(-entry.bytes());
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
        scheduleAfter(job);
        return batch;
    }

    private void scheduleAfter(BatchJob job) {
        if (!properties.enabled() || properties.depth() == 0) {
            return;
        }
        sweep();
        long bytes = job.plan().batchSize() * new BatchLayout(job.dataset().descriptor(), job.generator().settings())
                .bytesPerSample();
        for (int k = 1; k <= properties.depth(); k++) {
            BatchJob next = job.advance(k);
            if (next == null || entries.containsKey(next.key())) {
                continue;
            }
            if (reserved.addAndGet(bytes) > properties.effectiveMaxMemory()) {
                reserved.addAndGet(-bytes);
                return;
            }
            CompletableFuture<Batch> future = new CompletableFuture<>();
            if (entries.putIfAbsent(next.key(), new Entry(future, bytes, System.nanoTime(), next.dataset().id())) != null) {
                reserved.addAndGet(-bytes);
                continue;
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

    /** Drops prefetched batches that nobody asked for in time. */
    private void sweep() {
        long cutoff = System.nanoTime() - properties.ttl().toNanos();
        for (Iterator<Map.Entry<BatchJob.BatchKey, Entry>> it = entries.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<BatchJob.BatchKey, Entry> e = it.next();
            if (e.getValue().createdNanos() < cutoff && entries.remove(e.getKey(), e.getValue())) {
                reserved.addAndGet(-e.getValue().bytes());
            }
        }
    }

    /** Forgets what was prefetched for a generator that is gone. */
    void forget(String generatorId) {
        entries.entrySet().removeIf(e -> {
            if (e.getKey().generatorId().equals(generatorId)) {
                reserved.addAndGet(-e.getValue().bytes());
                return true;
            }
            return false;
        });
    }

    /** The dataset's generators went with it: free what was prefetched for them now. */
    @EventListener
    void onDatasetDeleted(DatasetDeleted event) {
        entries.forEach((k, v) -> {
            if (v.datasetId() == event.id() && entries.remove(k, v)) {
                reserved.addAndGet(-v.bytes());
            }
        });
    }

    long reservedBytes() {
        return reserved.get();
    }

    Duration ttl() {
        return properties.ttl();
    }

    @Override
    public void destroy() {
        coordinators.shutdownNow();
    }
}
