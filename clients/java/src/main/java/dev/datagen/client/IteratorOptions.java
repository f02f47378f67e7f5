package dev.datagen.client;

/**
 * Where and how an iterator reads a generator.
 *
 * @param shard      the shard to read ({@code ?shard=k}); null for a generator with one shard (shard 0)
 * @param startEpoch the epoch the iterator starts in; {@code reset()} moves to the next one. A trainer
 *                   resumes by starting where it stopped: batches depend only on (seed, epoch, index)
 * @param prefetch   batches fetched ahead on the background thread (at least 1); memory is about
 *                   {@code prefetch + 1} batches
 * @param numShards  the shards (workers) the epochs are dealt to; null: the generator's own numShards. Another
 *                   number deals each epoch anew ({@code ?numShards=K}): the same order, cut K ways
 * @param resume     a state saved by an iterator ({@link DataGenMultiDataSetIterator#state()}), at this or another
 *                   number of shards: the iterator starts in its epoch, on the positions not consumed yet, and
 *                   reads the epochs after it whole; null: from the start of {@code startEpoch}, which it overrides
 */
public record IteratorOptions(Integer shard, long startEpoch, int prefetch, Integer numShards, IteratorState resume) {

    /** Shard none, epoch 0, 4 batches ahead, the generator's own shards. */
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
        if (numShards != null && numShards < 1) {
            throw new IllegalArgumentException("numShards must be at least 1, got " + numShards);
        }
        if (shard != null && numShards != null && shard >= numShards) {
            throw new IllegalArgumentException("shard must be below numShards " + numShards + ", got " + shard);
        }
    }

    public IteratorOptions(Integer shard, long startEpoch, int prefetch) {
        this(shard, startEpoch, prefetch, null, null);
    }

    public IteratorOptions shard(int k) {
        return new IteratorOptions(k, startEpoch, prefetch, numShards, resume);
    }

    public IteratorOptions startEpoch(long e) {
        return new IteratorOptions(shard, e, prefetch, numShards, resume);
    }

    public IteratorOptions prefetch(int n) {
        return new IteratorOptions(shard, startEpoch, n, numShards, resume);
    }

    /** Deals the epochs to {@code k} shards, e.g. the workers of a job resumed at another size. */
    public IteratorOptions numShards(int k) {
        return new IteratorOptions(shard, startEpoch, prefetch, k, resume);
    }

    public IteratorOptions resume(IteratorState state) {
        return new IteratorOptions(shard, startEpoch, prefetch, numShards, state);
    }
}
