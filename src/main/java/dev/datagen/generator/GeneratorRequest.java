package dev.datagen.generator;

import java.util.concurrent.ThreadLocalRandom;

import dev.datagen.image.Augmentation;
import dev.datagen.image.Crop;
import dev.datagen.payload.DType;
import dev.datagen.problem.InvalidFieldException;
import dev.datagen.problem.ProblemType;
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
        Augmentation augment,
        Crop crop,
        Normalize normalize,
        @Schema(description = "MixUp: images and vector labels blended, float32 only; refused with mask outputs") Mix mixup,
        @Schema(description = "CutMix: a box of the partner pasted into every image and mask, labels by its area") Mix cutmix,
        Sampling sampling,
        @Schema(description = "fraction of the split held out for validation, within (0, 1); needs subset", example = "0.2",
                minimum = "0", exclusiveMinimum = true, maximum = "1", exclusiveMaximum = true) Double validationSplit,
        @Schema(description = "with validationSplit: the side this generator reads") SubsetName subset,
        @Schema(description = "with validationSplit: the seed of the division, independent of seed", defaultValue = "0") Long splitSeed,
        @Schema(description = "with validationSplit: divide each class of the first categorical output in proportion", defaultValue = "false") Boolean stratify) {

    public GeneratorRequest {
        if (validationSplit != null && !(validationSplit > 0 && validationSplit < 1)) {
            throw invalid("validationSplit", "must be within (0, 1), got " + validationSplit);
        }
        if ((validationSplit == null) != (subset == null)) {
            throw invalid(subset == null ? "subset" : "validationSplit", "validationSplit and subset go together: "
                    + "{\"validationSplit\": 0.2, \"subset\": \"training\"} (or \"validation\")");
        }
        if (validationSplit == null && (splitSeed != null || stratify != null)) {
            throw invalid(splitSeed != null ? "splitSeed" : "stratify", "applies with validationSplit only");
        }
    }

    /** A request with only the first settings, as a Keras user would write it. */
    public GeneratorRequest(String split, Integer batchSize, Boolean shuffle, Long seed, Double rescale,
            Augmentation augment) {
        this(split, batchSize, shuffle, seed, null, null, rescale, null, null, null, augment, null, null, null, null,
                null, null, null, null, null);
    }

    private static InvalidFieldException invalid(String field, String reason) {
        return new InvalidFieldException(ProblemType.INVALID_GENERATOR, field, reason);
    }

    /** Fills in the defaults; a missing seed becomes a random one (below 2^53, exact in JSON). */
    GeneratorSettings resolve() {
        long s = seed != null ? seed : ThreadLocalRandom.current().nextLong(1L << 53);
        Augmentation a = augment == null || augment.isIdentity() ? null : augment;
        boolean divided = validationSplit != null;
        return new GeneratorSettings(split, batchSize == null ? 32 : batchSize, shuffle == null || shuffle, s,
                dropLast != null && dropLast, dtype == null ? DType.FLOAT32 : dtype, rescale,
                layout == null ? Layout.NHWC : layout, numShards == null ? 1 : numShards,
                onError == null ? OnError.FAIL : onError, a, crop, normalize, mixup, cutmix,
                sampling == null || sampling.mode() == Sampling.Mode.UNIFORM ? null : sampling, validationSplit, subset,
                divided ? (splitSeed == null ? 0L : splitSeed) : null, divided ? stratify != null && stratify : null);
    }
}
