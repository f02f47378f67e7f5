package dev.datagen.client;

import java.util.NoSuchElementException;

import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.dataset.api.MultiDataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.MultiDataSetIterator;

/**
 * The batches of a DataGen generator as a DL4J {@link MultiDataSetIterator}, read as ND4J payloads
 * ({@code Accept: application/x-nd4j}): features in the dataset's input order, labels in its output order,
 * batch dimension first, shapes and types as {@link GeneratorInfo#arrays()} (images {@code (N, H, W, C)} or
 * {@code (N, C, H, W)} float32 or uint8, vector labels {@code (N, classes)} float32). The last batch of an
 * epoch is smaller unless the generator drops it.
 *
 * <p>An epoch is one pass over the generator's batches (of one shard); {@link #reset()} moves to the
 * <em>next</em> epoch, whose order and augmentation differ, which is what DL4J's
 * {@code fit(iterator, nEpochs)} expects between epochs. A background thread fetches up to
 * {@link IteratorOptions#prefetch()} batches ahead, in order, with the client's retries; so
 * {@link #asyncSupported()} is false (DL4J need not wrap it). A failure surfaces from {@link #next()} in the
 * failed batch's place (a {@link DataGenException} for a refusal, a {@link DataGenUnreachableException}
 * when retries ran out); calling {@code next()} again tries that batch again.
 *
 * <p>The iterator keeps no reference to a batch it has handed out: the caller owns its arrays. Batches
 * fetched but never handed out (at {@code reset()} or {@link #close()}) are released at once. Not
 * thread-safe: one thread iterates (the prefetch thread is internal). {@link #close()} stops the
 * prefetch thread; it is a daemon, so an iterator that is not closed does not keep the JVM alive.
 */
public final class DataGenMultiDataSetIterator implements MultiDataSetIterator, AutoCloseable {

    private static final long serialVersionUID = 1L;

    private final transient DataGenClient client;
    private final GeneratorInfo generator;
    private final IteratorOptions options;
    private final long batchesPerEpoch;

    private long epoch;
    private long index;
    private transient BatchPrefetcher prefetcher;
    private transient MultiDataSetPreProcessor preProcessor;
    private boolean closed;

    /** Reads generator {@code generatorId} from epoch 0, shard none, 4 batches ahead. */
    public DataGenMultiDataSetIterator(DataGenClient client, String generatorId) {
        this(client, generatorId, IteratorOptions.DEFAULT);
    }

    public DataGenMultiDataSetIterator(DataGenClient client, String generatorId, IteratorOptions options) {
        this(client, client.generator(generatorId), options);
    }

    /** For a generator already described; no request is made before the first prefetch. */
    public DataGenMultiDataSetIterator(DataGenClient client, GeneratorInfo generator, IteratorOptions options) {
        this.client = client;
        this.generator = generator;
        this.options = options;
        int shards = generator.shards().size();
        if (shards > 1 && options.shard() == null) {
            throw new IllegalArgumentException("generator " + generator.id() + " has " + shards
                    + " shards; pick one with IteratorOptions.shard(k)");
        }
        this.batchesPerEpoch = generator.batchesPerEpoch(options.shard() == null ? 0 : options.shard());
        this.epoch = options.startEpoch();
        this.index = 0;
        startPrefetch();
    }

    /** The generator as described when the iterator was made. */
    public GeneratorInfo generator() {
        return generator;
    }

    public IteratorOptions options() {
        return options;
    }

    /** The epoch being read. */
    public long epoch() {
        return epoch;
    }

    /** The index in the epoch of the batch {@link #next()} returns next. */
    public long batchIndex() {
        return index;
    }

    /** Batches per epoch of the shard read. */
    public long batchesPerEpoch() {
        return batchesPerEpoch;
    }

    /** Batches fetched ahead and waiting (at most {@link IteratorOptions#prefetch()}). */
    public int bufferedBatches() {
        return prefetcher == null ? 0 : prefetcher.buffered();
    }

    @Override
    public boolean hasNext() {
        return !closed && index < batchesPerEpoch;
    }

    /**
     * The next batch of the epoch, after the pre-processor (if any), which runs on the calling thread.
     *
     * @throws NoSuchElementException the epoch is over: call {@link #reset()} for the next one
     * @throws DataGenException       the service refused the batch
     */
    @Override
    public MultiDataSet next() {
        if (closed) {
            throw new IllegalStateException("the iterator is closed");
        }
        if (index >= batchesPerEpoch) {
            throw new NoSuchElementException("epoch " + epoch + " has " + batchesPerEpoch
                    + " batches and all were read; reset() moves to the next epoch");
        }
        if (prefetcher == null) {
            startPrefetch(); // after a failure: try the failed batch again
        }
        MultiDataSet batch;
        try {
            batch = prefetcher.take();
        } catch (RuntimeException e) {
            stopPrefetch();
            throw e;
        }
        index++;
        if (index == batchesPerEpoch) {
            stopPrefetch(); // its thread has finished; nothing is buffered
        }
        if (preProcessor != null) {
            preProcessor.preProcess(batch);
        }
        return batch;
    }

    /** Unsupported: a batch's size is the generator's {@code batchSize}. */
    @Override
    public MultiDataSet next(int num) {
        throw new UnsupportedOperationException("the batch size is the generator's (" + generator.settings().batchSize()
                + "); create a generator with batchSize " + num + " instead");
    }

    /**
     * Moves to the start of the next epoch (a new order and new augmentation), whether or not the current
     * one was read to its end; batches fetched ahead in the current epoch are released.
     */
    @Override
    public void reset() {
        if (closed) {
            throw new IllegalStateException("the iterator is closed");
        }
        stopPrefetch();
        epoch++;
        index = 0;
        startPrefetch();
    }

    @Override
    public boolean resetSupported() {
        return true;
    }

    /** False: the iterator already fetches ahead on its own thread. */
    @Override
    public boolean asyncSupported() {
        return false;
    }

    @Override
    public void setPreProcessor(MultiDataSetPreProcessor preProcessor) {
        this.preProcessor = preProcessor;
    }

    @Override
    public MultiDataSetPreProcessor getPreProcessor() {
        return preProcessor;
    }

    /** Stops the prefetch thread and releases the batches it fetched. Idempotent. */
    @Override
    public void close() {
        closed = true;
        stopPrefetch();
    }

    private void startPrefetch() {
        if (index >= batchesPerEpoch) {
            return;
        }
        Integer shard = options.shard();
        String id = generator.id();
        prefetcher = new BatchPrefetcher((e, i) -> client.batch(id, e, i, shard), epoch, index, batchesPerEpoch,
                options.prefetch(), "datagen-prefetch-" + id.substring(0, Math.min(8, id.length())) + "-e" + epoch
                        + (shard == null ? "" : "-s" + shard));
    }

    private void stopPrefetch() {
        if (prefetcher != null) {
            prefetcher.close();
            prefetcher = null;
        }
    }
}
