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
 */
public record BatchSummary(String generator, String dataset, long epoch, int shard, long index, int size,
        int[] indices, Map<String, float[][]> labels, List<Skipped> skipped) {

    /** A sample that could not be read and the one that took its place. */
    public record Skipped(int index, int replacement, String reason) {
    }
}
