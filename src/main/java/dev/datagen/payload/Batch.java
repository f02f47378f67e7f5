package dev.datagen.payload;

import java.util.List;

/**
 * One batch as served: its arrays (inputs in the dataset's input order, then outputs in output order) and
 * the sample indices they hold.
 *
 * @param indices positions in the split of the samples, in batch order (after any onError=skip replacement)
 * @param skipped samples replaced because they became unreadable
 * @param mix     MixUp or CutMix applied to it, or null
 * @param release called once the batch has been written (or failed to be): gives back what it reserved
 * @param npzChecksums the CRC-32 of each array's npz entry (its npy header and data), computed ahead of the
 *                request by {@link #withNpzChecksums}; null when the npz writer computes them itself
 */
public record Batch(String generatorId, String dataset, long epoch, int shard, long index, int[] indices,
        List<NdArray> arrays, List<Skipped> skipped, Mix mix, Runnable release, long[] npzChecksums) {

    /** A batch whose npz checksums are computed when it is written as npz. */
    public Batch(String generatorId, String dataset, long epoch, int shard, long index, int[] indices,
            List<NdArray> arrays, List<Skipped> skipped, Mix mix, Runnable release) {
        this(generatorId, dataset, epoch, shard, index, indices, arrays, skipped, mix, release, null);
    }

    /** A batch that mixes nothing and holds no reservation. */
    public Batch(String generatorId, String dataset, long epoch, int shard, long index, int[] indices,
            List<NdArray> arrays, List<Skipped> skipped) {
        this(generatorId, dataset, epoch, shard, index, indices, arrays, skipped, null, () -> { });
    }

    /** The same batch, giving back {@code release} once written. */
    public Batch releasing(Runnable release) {
        return new Batch(generatorId, dataset, epoch, shard, index, indices, arrays, skipped, mix, release,
                npzChecksums);
    }

    /**
     * The same batch with its npz checksums computed now. A stored zip entry carries its CRC before its data,
     * so the npz writer reads the whole batch once for them before it sends a byte: for a 10 MB batch about a
     * millisecond that the trainer waits for, which a batch built ahead for an npz reader spends in the
     * background instead. The bytes written are the same either way.
     */
    public Batch withNpzChecksums() {
        return new Batch(generatorId, dataset, epoch, shard, index, indices, arrays, skipped, mix, release,
                NpzWriter.checksums(this));
    }

    /**
     * How the batch's samples were mixed: sample i with sample N-1-i.
     *
     * @param kind   {@code mixup} or {@code cutmix}
     * @param lambda the weight of each sample's own values (for CutMix, 1 - the box's share of the area)
     * @param box    CutMix: {@code [y0, x0, y1, x1]} on the first input, the region taken from the partner
     */
    public record Mix(String kind, double lambda, int[] box) {
    }

    /** A sample that could not be read and the one that took its place. */
    public record Skipped(int index, int replacement, String reason) {
    }

    public long bytes() {
        return arrays.stream().mapToLong(a -> a.data().length).sum();
    }

    public int size() {
        return indices.length;
    }
}
