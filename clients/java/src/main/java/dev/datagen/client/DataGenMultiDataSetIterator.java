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
 *
 * <p>Checkpoints: {@link #state()} is the epoch and the global position consumed (workers in lockstep, see
 * {@link IteratorState}); an iterator made with {@link IteratorOptions#resume(IteratorState)}, or
 * {@link #restore(IteratorState)}, carries on from it with {@link IteratorOptions#numShards(int)} workers, any
 * number: the rest of that epoch is dealt to them ({@code ?numShards=K&from=position}), each remaining sample
 * read once, and the epochs after it whole.
 */
public final class DataGenMultiDataSetIterator implements MultiDataSetIterator, AutoCloseable {

    private static final long serialVersionUID = 1L;

    private final GeneratorInfo generator;
    private final IteratorOptions options;
    private final transient EpochCursor cursor;
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

    /**
     * For a generator already described; no request is made before the first prefetch but, when the epoch is
     * dealt to another number of shards or resumed from a position, its description for that dealing.
     */
    public DataGenMultiDataSetIterator(DataGenClient client, GeneratorInfo generator, IteratorOptions options) {
        this.generator = generator;
        this.options = options;
        this.cursor = new EpochCursor(client, generator, options);
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
        return cursor.epoch();
    }

    /** The index in the epoch's dealing of the batch {@link #next()} returns next. */
    public long batchIndex() {
        return cursor.index();
    }

    /** Batches of the shard read in the epoch being read (of its dealing: after a resume, what was left). */
    public long batchesPerEpoch() {
        return cursor.batches();
    }

    /** The shard read (0 for a generator with one shard). */
    public int shard() {
        return cursor.shard();
    }

    /** How the epoch being read is dealt to the shards (with the JSON view of its batches). */
    public Dealing dealing() {
        return cursor.dealing();
    }

    /**
     * The epoch and global position consumed, once the batches handed out so far are consumed by every worker
     * in lockstep; the same on every worker. Save it with the model; {@link IteratorOptions#resume} restores it.
     */
    public IteratorState state() {
        return cursor.state();
    }

    /** Carries on from {@code state} (see {@link IteratorOptions#resume}); batches fetched ahead are released. */
    public void restore(IteratorState state) {
        if (closed) {
            throw new IllegalStateException("the iterator is closed");
        }
        stopPrefetch();
        cursor.restore(state);
        startPrefetch();
    }

    /** Batches fetched ahead and waiting (at most {@link IteratorOptions#prefetch()}). */
    public int bufferedBatches() {
        return prefetcher == null ? 0 : prefetcher.buffered();
    }

    @Override
    public boolean hasNext() {
        return !closed && cursor.index() < cursor.batches();
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
        if (cursor.index() >= cursor.batches()) {
            throw new NoSuchElementException("epoch " + cursor.epoch() + " has " + cursor.batches()
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
        cursor.advance();
        if (cursor.index() == cursor.batches()) {
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
     * Moves to the start of the next epoch (a new order and new augmentation), dealt whole to the shards, whether
     * or not the current one was read to its end; batches fetched ahead in the current epoch are released.
     */
    @Override
    public void reset() {
        if (closed) {
            throw new IllegalStateException("the iterator is closed");
        }
        stopPrefetch();
        cursor.nextEpoch();
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
        if (cursor.index() >= cursor.batches()) {
            return;
        }
        String id = generator.id();
        prefetcher = new BatchPrefetcher(cursor.source(), cursor.epoch(), cursor.index(), cursor.batches(),
                options.prefetch(), "datagen-prefetch-" + id.substring(0, Math.min(8, id.length())) + "-e"
                        + cursor.epoch() + "-s" + cursor.shard());
    }

    private void stopPrefetch() {
        if (prefetcher != null) {
            prefetcher.close();
            prefetcher = null;
        }
    }
}
