package dev.datagen.client;

import java.util.List;
import java.util.Optional;

/**
 * A generator as the service describes it ({@code GET /api/generators/{id}}).
 *
 * <p>Described with {@code ?numShards=K&from=p} ({@link DataGenClient#generator(String, Integer, Long)}), the
 * shard figures are those of the epoch dealt to K shards from position p (an elastic resume).
 *
 * @param settings                every setting, defaults filled in (including the seed)
 * @param samplesPerEpoch         positions of an epoch, all shards together: the split's samples, the subset's
 *                                with validationSplit, or sampling's epochSamples
 * @param batchesPerEpoch         batches per epoch of shard 0, the largest shard
 * @param lastBatchSize           samples in shard 0's last batch
 * @param shards                  per shard, samples and batches per epoch
 * @param arrays                  the arrays of a batch, inputs then outputs, batch dimension first (N = batchSize)
 * @param bytesPerBatch           payload bytes of a full batch, pixels and labels
 * @param from                    the first position dealt out, when described with {@code from} > 0; else null
 * @param shardsWithOneBatchFewer the shards whose epoch has one batch fewer than shard 0's
 * @param subset                  with validationSplit: the side read, its samples and class counts; else null
 */
public record GeneratorInfo(String id, String dataset, GeneratorSettings settings, int samplesPerEpoch,
        long batchesPerEpoch, int lastBatchSize, List<Shard> shards, List<ArraySpec> arrays, long bytesPerBatch,
        Long from, List<Integer> shardsWithOneBatchFewer, SubsetInfo subset) {

    /** One shard's share of an epoch. */
    public record Shard(int shard, int samples, long batches) {
    }

    /**
     * The side of a validation split a generator reads.
     *
     * @param name         training or validation
     * @param samples      its samples
     * @param output       the categorical output counted (and stratified by, with stratify)
     * @param distribution samples per class of that output
     */
    public record SubsetInfo(GeneratorSettings.Subset name, int samples, String output, long[] distribution) {
    }

    /**
     * One array of a batch.
     *
     * @param role  {@code input} or {@code output}
     * @param shape batch dimension first, e.g. {@code [64, 1, 28, 28]} (NCHW images) or {@code [64, 10]}
     * @param dtype {@code float32} or {@code uint8}
     */
    public record ArraySpec(String name, String role, long[] shape, String dtype) {

        public boolean isInput() {
            return "input".equals(role);
        }

        /** Values per sample: the product of the shape after the batch dimension. */
        public long valuesPerSample() {
            long n = 1;
            for (int i = 1; i < shape.length; i++) {
                n *= shape[i];
            }
            return n;
        }
    }

    /** Batches per epoch of shard {@code k}. */
    public long batchesPerEpoch(int shard) {
        return shard(shard).batches();
    }

    public Shard shard(int k) {
        return shards.stream().filter(s -> s.shard() == k).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("generator " + id + " has shards 0 to "
                        + (shards.size() - 1) + "; there is no shard " + k));
    }

    public List<ArraySpec> inputs() {
        return arrays.stream().filter(ArraySpec::isInput).toList();
    }

    public List<ArraySpec> outputs() {
        return arrays.stream().filter(a -> !a.isInput()).toList();
    }

    public Optional<ArraySpec> array(String name) {
        return arrays.stream().filter(a -> a.name().equals(name)).findFirst();
    }
}
