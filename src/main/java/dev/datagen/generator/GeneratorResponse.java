package dev.datagen.generator;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.datagen.payload.DType;

/**
 * A generator as the API shows it.
 *
 * @param samplesPerEpoch  positions of an epoch (all shards together): the split's samples, its subset's, or
 *                         the draws of sampling by class
 * @param batchesPerEpoch  batches per epoch of shard 0, the largest shard
 * @param lastBatchSize    samples in shard 0's last batch
 * @param from             the first position dealt out, when asked for a resume ({@code ?from=p}); else absent
 * @param shards           per shard: samples and batches per epoch (for the shards asked for, {@code ?numShards=K})
 * @param shardsWithOneBatchFewer the shards whose epoch has one batch fewer than shard 0's
 * @param subset           with a validation split: which side, how many samples, and per class of the first
 *                         categorical output how many of them
 * @param arrays           every array of a batch, batch dimension first ({@code N} = batchSize)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record GeneratorResponse(String id, String dataset, GeneratorSettings settings, int samplesPerEpoch,
        long batchesPerEpoch, int lastBatchSize, Long from, List<Shard> shards, List<Integer> shardsWithOneBatchFewer,
        SubsetInfo subset, List<ArraySpec> arrays, long bytesPerBatch, Instant createdAt, Map<String, String> links) {

    public record Shard(int shard, int samples, long batches) {
    }

    public record ArraySpec(String name, String role, long[] shape, DType dtype) {
    }

    /**
     * @param distribution per class of {@code output}, the subset's samples; absent without a categorical output
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SubsetInfo(SubsetName name, int samples, String output, long[] distribution) {
    }
}
