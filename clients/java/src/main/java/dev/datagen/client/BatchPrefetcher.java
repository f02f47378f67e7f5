package dev.datagen.client;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/**
 * Fetches batches {@code from, from+1, ..., to-1} of one epoch on a background thread, in order, keeping at
 * most {@code depth} fetched batches waiting (a bounded queue: memory is {@code depth} batches, not an
 * epoch). The first failure is handed to the consumer in the failed batch's place and ends the thread.
 *
 * <p>One consumer thread calls {@link #take()}; {@link #close()} may be called from it at any time and
 * releases the native memory of every batch fetched but never taken.
 */
final class BatchPrefetcher implements AutoCloseable {

    /** Fetches one batch; a failure is thrown as a runtime exception. */
    @FunctionalInterface
    interface Source {
        MultiDataSet fetch(long epoch, long index);
    }

    private record Failure(RuntimeException error) {
    }

    private final BlockingQueue<Object> queue;
    private final Thread thread;
    private volatile boolean closed;

    BatchPrefetcher(Source source, long epoch, long from, long to, int depth, String threadName) {
        if (depth < 1) {
            throw new IllegalArgumentException("prefetch depth must be at least 1, got " + depth);
        }
        this.queue = new ArrayBlockingQueue<>(depth);
        this.thread = new Thread(() -> run(source, epoch, from, to), threadName);
        thread.setDaemon(true);
        thread.start();
    }

    private void run(Source source, long epoch, long from, long to) {
        for (long i = from; i < to && !closed; i++) {
            Object item;
            try {
                item = source.fetch(epoch, i);
            } catch (RuntimeException e) {
                item = new Failure(e);
            }
            if (!put(item) || item instanceof Failure) {
                return;
            }
        }
    }

    /** Waits for room; false (and the item released) when closed meanwhile. */
    private boolean put(Object item) {
        try {
            while (!closed) {
                if (queue.offer(item, 50, TimeUnit.MILLISECONDS)) {
                    if (closed) {
                        drain(); // close() may have drained just before this offer
                    }
                    return !closed;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        release(item);
        return false;
    }

    /**
     * The next batch, waiting for it if needed.
     *
     * @throws RuntimeException the fetch's own failure (a {@link DataGenException}, ...) in the failed batch's
     *                          place; later calls wait forever, so the caller closes this prefetcher
     */
    MultiDataSet take() {
        if (closed) {
            throw new IllegalStateException("the prefetcher is closed");
        }
        try {
            Object item = queue.take();
            if (item instanceof Failure f) {
                throw f.error();
            }
            return (MultiDataSet) item;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a batch", e);
        }
    }

    /** Batches fetched and waiting. */
    int buffered() {
        return queue.size();
    }

    /** Stops fetching and releases every batch fetched but not taken. Idempotent. */
    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        drain();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        drain();
    }

    private void drain() {
        Object item;
        while ((item = queue.poll()) != null) {
            release(item);
        }
    }

    private static void release(Object item) {
        if (item instanceof MultiDataSet batch) {
            release(batch.getFeatures());
            release(batch.getLabels());
            release(batch.getFeaturesMaskArrays());
            release(batch.getLabelsMaskArrays());
        }
    }

    private static void release(INDArray[] arrays) {
        if (arrays == null) {
            return;
        }
        for (INDArray a : arrays) {
            if (a != null && a.closeable()) {
                a.close();
            }
        }
    }
}
