package dev.datagen.client;

import java.util.List;
import java.util.Map;

/**
 * The JSON view of a batch ({@code Accept: application/json}): which samples it holds and their vector
 * labels, without pixels. Cheap to ask for; used to check what a trainer is fed.
 *
 * @param indices positions in the split of the batch's samples, in batch order
 * @param labels  per vector output, one row of floats per sample
 * @param skipped samples replaced because they became unreadable (generators with onError=skip)
 * @param mix     with mixup or cutmix: what was mixed with what; else null
 */
public record BatchSummary(String generator, String dataset, long epoch, int shard, long index, int size,
        int[] indices, Map<String, float[][]> labels, List<Skipped> skipped, Mixed mix) {

    /**
     * MixUp or CutMix of a batch: sample i holds {@code lambda} of itself and {@code 1 - lambda} of its partner
     * (labels too).
     *
     * @param kind    {@code mixup} or {@code cutmix}
     * @param box     cutmix: the box pasted from the partner, in pixels of the input
     * @param samples per sample of the batch
     */
    public record Mixed(String kind, double lambda, int[] box, List<MixedSample> samples) {
    }

    /** @param partner the partner's row in the batch; {@code partnerSample} its index in the split */
    public record MixedSample(int partner, int partnerSample, double lambda, int[] box) {
    }

    /** A sample that could not be read and the one that took its place. */
    public record Skipped(int index, int replacement, String reason) {
    }
}
