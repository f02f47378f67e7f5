package dev.datagen.generator;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.datagen.payload.DType;

/**
 * A generator as the API shows it.
 *
 * @param samplesPerEpoch  samples of the split (all shards together)
 * @param batchesPerEpoch  batches per epoch of shard 0, the largest shard
 * @param lastBatchSize    samples in shard 0's last batch
 * @param shards           per shard: samples and batches per epoch
 * @param arrays           every array of a batch, batch dimension first ({@code N} = batchSize)
 */
public record GeneratorResponse(String id, String dataset, GeneratorSettings settings, int samplesPerEpoch,
        long batchesPerEpoch, int lastBatchSize, List<Shard> shards, List<ArraySpec> arrays, long bytesPerBatch,
        Instant createdAt, Map<String, String> links) {

    public record Shard(int shard, int samples, long batches) {
    }

    public record ArraySpec(String name, String role, long[] shape, DType dtype) {
    }
}
