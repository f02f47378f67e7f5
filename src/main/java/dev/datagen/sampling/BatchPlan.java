package dev.datagen.sampling;

/**
 * How the positions {@code from .. from+samples-1} of an epoch divide into shards and batches.
 *
 * <p>Shard k of K takes positions from+k, from+k+K, from+k+2K, ... (as PyTorch's DistributedSampler does,
 * but without padding: shards differ by at most one sample and never repeat one). Each shard's sequence is
 * cut into batches of {@code batchSize}; the last is smaller unless {@code dropLast} leaves it out. A job
 * that consumed the positions before {@code from} with any number of workers resumes with any other number:
 * the epoch's order does not depend on K.
 *
 * @param samples positions this plan deals out (the epoch's, less {@code from}); with fewer than
 *                {@code numShards}, the last shards get none, and none at all once the epoch is consumed
 * @param from    the first of them
 */
public record BatchPlan(int samples, int batchSize, boolean dropLast, int numShards, long from) {

    public BatchPlan {
        if (samples < 0 || batchSize < 1 || numShards < 1 || from < 0) {
            throw new IllegalArgumentException("batchSize and numShards must be positive, samples and from not negative");
        }
    }

    /** The whole epoch of {@code samples} positions. */
    public BatchPlan(int samples, int batchSize, boolean dropLast, int numShards) {
        this(samples, batchSize, dropLast, numShards, 0);
    }

    public int shardSize(int shard) {
        return samples / numShards + (shard < samples % numShards ? 1 : 0);
    }

    public long batches(int shard) {
        int size = shardSize(shard);
        return dropLast ? size / batchSize : (size + batchSize - 1) / batchSize;
    }

    /** Samples in batch {@code index} of a shard. */
    public int batchLength(int shard, long index) {
        long start = index * batchSize;
        return (int) Math.min(batchSize, shardSize(shard) - start);
    }

    /** Epoch positions of the samples of batch {@code index} of {@code shard}. */
    public long[] positions(int shard, long index) {
        int length = batchLength(shard, index);
        long[] positions = new long[length];
        long first = index * batchSize;
        for (int i = 0; i < length; i++) {
            positions[i] = from + shard + (first + i) * numShards;
        }
        return positions;
    }
}
