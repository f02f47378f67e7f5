package dev.datagen.generator;

/**
 * How an epoch of {@code samples} divides into shards and batches.
 *
 * <p>Shard k of K takes epoch positions k, k+K, k+2K, ... (as PyTorch's DistributedSampler does, but
 * without padding: shards differ by at most one sample and never repeat one). Each shard's sequence is cut
 * into batches of {@code batchSize}; the last is smaller unless {@code dropLast} leaves it out.
 */
record BatchPlan(int samples, int batchSize, boolean dropLast, int numShards) {

    BatchPlan {
        if (samples < 1 || batchSize < 1 || numShards < 1) {
            throw new IllegalArgumentException("samples, batchSize and numShards must be positive");
        }
    }

    int shardSize(int shard) {
        return samples / numShards + (shard < samples % numShards ? 1 : 0);
    }

    long batches(int shard) {
        int size = shardSize(shard);
        return dropLast ? size / batchSize : (size + batchSize - 1) / batchSize;
    }

    /** Samples in batch {@code index} of a shard. */
    int batchLength(int shard, long index) {
        long start = index * batchSize;
        return (int) Math.min(batchSize, shardSize(shard) - start);
    }

    /** Epoch positions of the samples of batch {@code index} of {@code shard}. */
    long[] positions(int shard, long index) {
        int length = batchLength(shard, index);
        long[] positions = new long[length];
        long first = index * batchSize;
        for (int i = 0; i < length; i++) {
            positions[i] = shard + (first + i) * numShards;
        }
        return positions;
    }
}
