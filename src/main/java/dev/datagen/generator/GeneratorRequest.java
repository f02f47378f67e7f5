package dev.datagen.generator;

import java.util.concurrent.ThreadLocalRandom;

import dev.datagen.image.Augmentation;
import dev.datagen.payload.DType;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A generator as a client asks for it; every field but {@code split} is optional. Defaults follow Keras
 * where Keras has one.
 */
@Schema(description = "Generator settings; every field but split is optional")
public record GeneratorRequest(
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "train") String split,
        @Schema(description = "samples per batch", defaultValue = "32") Integer batchSize,
        @Schema(description = "shuffle each epoch (seeded); false keeps list order", defaultValue = "true") Boolean shuffle,
        @Schema(description = "seed of shuffling and augmentation; default: drawn at random and returned") Long seed,
        @Schema(description = "leave out the last, smaller batch", defaultValue = "false") Boolean dropLast,
        @Schema(description = "element type of image arrays (labels are float32)", defaultValue = "float32") DType dtype,
        @Schema(description = "multiply pixel values by this (float32 only); default: none, values 0..255") Double rescale,
        @Schema(description = "axis order of image arrays", defaultValue = "NHWC") Layout layout,
        @Schema(description = "shards for distributed training; ?shard=k picks one", defaultValue = "1") Integer numShards,
        @Schema(description = "fail or skip a sample that became unreadable", defaultValue = "fail") OnError onError,
        Augmentation augment) {

    /** Fills in the defaults; a missing seed becomes a random one (below 2^53, exact in JSON). */
    GeneratorSettings resolve() {
        long s = seed != null ? seed : ThreadLocalRandom.current().nextLong(1L << 53);
        Augmentation a = augment == null || augment.isIdentity() ? null : augment;
        return new GeneratorSettings(split, batchSize == null ? 32 : batchSize, shuffle == null || shuffle, s,
                dropLast != null && dropLast, dtype == null ? DType.FLOAT32 : dtype, rescale,
                layout == null ? Layout.NHWC : layout, numShards == null ? 1 : numShards,
                onError == null ? OnError.FAIL : onError, a);
    }
}
