package dev.datagen.generator;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.datagen.image.Augmentation;
import dev.datagen.image.Crop;
import dev.datagen.payload.DType;
import dev.datagen.sampling.Subset;

/**
 * A generator's settings with every default filled in: together with the registered files, they and
 * (epoch, shard, index) determine a batch's bytes. Absent (null) settings do nothing.
 *
 * @param validationSplit the fraction of the split held out for validation; null for no division
 * @param subset          which side of the division this generator reads (with validationSplit)
 * @param splitSeed       the seed of the division (with validationSplit), independent of {@code seed}
 * @param stratify        whether each class of the first categorical output is divided in proportion
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record GeneratorSettings(String split, int batchSize, boolean shuffle, long seed, boolean dropLast,
        DType dtype, Double rescale, Layout layout, int numShards, OnError onError, Augmentation augment,
        Crop crop, Normalize normalize, Mix mixup, Mix cutmix, Sampling sampling, Double validationSplit,
        SubsetName subset, Long splitSeed, Boolean stratify) {

    /** Whether epochs draw classes rather than visit every sample once. */
    boolean samplesByClass() {
        return sampling != null && sampling.mode() != Sampling.Mode.UNIFORM;
    }

    /** Samples of the split this generator reads from: all of it, or one side of its validation split. */
    int members(int splitSize) {
        if (validationSplit == null) {
            return splitSize;
        }
        int validation = Subset.validationSize(splitSize, validationSplit);
        return subset == SubsetName.VALIDATION ? validation : splitSize - validation;
    }

    /** Positions of an epoch over a split of {@code splitSize}. */
    int positions(int splitSize) {
        return samplesByClass() && sampling.epochSamples() != null ? sampling.epochSamples() : members(splitSize);
    }
}
