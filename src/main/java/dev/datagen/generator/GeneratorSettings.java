package dev.datagen.generator;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.datagen.image.Augmentation;
import dev.datagen.payload.DType;

/**
 * A generator's settings with every default filled in: together with the registered files, they and
 * (epoch, shard, index) determine a batch's bytes.
 *
 * @param rescale null for none
 * @param augment null for none
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record GeneratorSettings(String split, int batchSize, boolean shuffle, long seed, boolean dropLast,
        DType dtype, Double rescale, Layout layout, int numShards, OnError onError, Augmentation augment) {
}
