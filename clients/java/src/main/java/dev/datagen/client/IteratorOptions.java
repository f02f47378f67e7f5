package dev.datagen.client;

/**
 * Where and how an iterator reads a generator.
 *
 * @param shard      the shard to read ({@code ?shard=k}); null for a generator with one shard
 * @param startEpoch the epoch the iterator starts in; {@code reset()} moves to the next one. A trainer
 *                   resumes by starting where it stopped: batches depend only on (seed, epoch, index)
 * @param prefetch   batches fetched ahead on the background thread (at least 1); memory is about
 *                   {@code prefetch + 1} batches
 */
public record IteratorOptions(Integer shard, long startEpoch, int prefetch) {

    /** Shard none, epoch 0, 4 batches ahead. */
    public static final IteratorOptions DEFAULT = new IteratorOptions(null, 0, 4);

    public IteratorOptions {
        if (shard != null && shard < 0) {
            throw new IllegalArgumentException("shard must be 0 or more, got " + shard);
        }
        if (startEpoch < 0) {
            throw new IllegalArgumentException("startEpoch must be 0 or more, got " + startEpoch);
        }
        if (prefetch < 1) {
            throw new IllegalArgumentException("prefetch must be at least 1, got " + prefetch);
        }
    }

    public IteratorOptions shard(int k) {
        return new IteratorOptions(k, startEpoch, prefetch);
    }

    public IteratorOptions startEpoch(long e) {
        return new IteratorOptions(shard, e, prefetch);
    }

    public IteratorOptions prefetch(int n) {
        return new IteratorOptions(shard, startEpoch, n);
    }
}
