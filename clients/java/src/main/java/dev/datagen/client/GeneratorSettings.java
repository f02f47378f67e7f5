package dev.datagen.client;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A generator's settings, as in the README's table. Every field but {@code split} is optional: null means
 * "the server's default" and is not sent. The description the server returns ({@link GeneratorInfo#settings()})
 * has every field filled in, including the seed it drew.
 *
 * <pre>{@code
 * GeneratorSettings.of("train").batchSize(64).seed(42L).layout(Layout.NCHW).rescale(1 / 255.0)
 * }</pre>
 *
 * @param split     {@code train}, {@code test}, ...
 * @param batchSize samples per batch (server default 32)
 * @param shuffle   shuffle each epoch (default true)
 * @param seed      seed of shuffling and augmentation (default: drawn by the server and returned)
 * @param dropLast  leave out the last, smaller batch of an epoch (default false)
 * @param dtype     element type of image arrays (default float32); labels are always float32
 * @param rescale   multiply pixels by this, float32 only (default none: values 0..255)
 * @param layout    NHWC (default) or NCHW, which DL4J's convolution layers take
 * @param numShards shards for distributed training (default 1)
 * @param onError   what a batch does with an image that became unreadable (default fail)
 * @param augment   seeded augmentation (default none)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record GeneratorSettings(String split, Integer batchSize, Boolean shuffle, Long seed, Boolean dropLast,
        DType dtype, Double rescale, Layout layout, Integer numShards, OnError onError, Augment augment) {

    public GeneratorSettings {
        if (split == null || split.isBlank()) {
            throw new IllegalArgumentException("split is required, e.g. \"train\"");
        }
    }

    /** Settings over {@code split} with every other field left to the server. */
    public static GeneratorSettings of(String split) {
        return new GeneratorSettings(split, null, null, null, null, null, null, null, null, null, null);
    }

    public GeneratorSettings batchSize(int v) {
        return new GeneratorSettings(split, v, shuffle, seed, dropLast, dtype, rescale, layout, numShards, onError, augment);
    }

    public GeneratorSettings shuffle(boolean v) {
        return new GeneratorSettings(split, batchSize, v, seed, dropLast, dtype, rescale, layout, numShards, onError, augment);
    }

    public GeneratorSettings seed(long v) {
        return new GeneratorSettings(split, batchSize, shuffle, v, dropLast, dtype, rescale, layout, numShards, onError, augment);
    }

    public GeneratorSettings dropLast(boolean v) {
        return new GeneratorSettings(split, batchSize, shuffle, seed, v, dtype, rescale, layout, numShards, onError, augment);
    }

    public GeneratorSettings dtype(DType v) {
        return new GeneratorSettings(split, batchSize, shuffle, seed, dropLast, v, rescale, layout, numShards, onError, augment);
    }

    public GeneratorSettings rescale(double v) {
        return new GeneratorSettings(split, batchSize, shuffle, seed, dropLast, dtype, v, layout, numShards, onError, augment);
    }

    public GeneratorSettings layout(Layout v) {
        return new GeneratorSettings(split, batchSize, shuffle, seed, dropLast, dtype, rescale, v, numShards, onError, augment);
    }

    public GeneratorSettings numShards(int v) {
        return new GeneratorSettings(split, batchSize, shuffle, seed, dropLast, dtype, rescale, layout, v, onError, augment);
    }

    public GeneratorSettings onError(OnError v) {
        return new GeneratorSettings(split, batchSize, shuffle, seed, dropLast, dtype, rescale, layout, numShards, v, augment);
    }

    public GeneratorSettings augment(Augment v) {
        return new GeneratorSettings(split, batchSize, shuffle, seed, dropLast, dtype, rescale, layout, numShards, onError, v);
    }

    /** Element type of image arrays. */
    public enum DType {
        @JsonProperty("float32") FLOAT32,
        @JsonProperty("uint8") UINT8
    }

    /** Axis order of image arrays: channels last (Keras) or channels first (DL4J, PyTorch). */
    public enum Layout {
        NHWC, NCHW
    }

    /** What a batch does with an image that became unreadable after registration. */
    public enum OnError {
        /** Refuse the batch with a problem detail naming the sample. */
        @JsonProperty("fail") FAIL,
        /** Put the next readable sample of the epoch in its place. */
        @JsonProperty("skip") SKIP
    }

    /**
     * Seeded augmentation as Keras' {@code ImageDataGenerator} names it; null fields do nothing. Drawn per
     * (seed, epoch, sample), so the same batch has the same pixels every time it is asked for.
     *
     * @param rotationRange    degrees, [-r, r]
     * @param widthShiftRange  fraction of the width, [-s, s]
     * @param heightShiftRange fraction of the height, [-s, s]
     * @param zoomRange        each axis zoomed by a factor in [1-z, 1+z]
     * @param brightnessRange  [lo, hi] factor on pixel values
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Augment(Boolean horizontalFlip, Boolean verticalFlip, Double rotationRange,
            Double widthShiftRange, Double heightShiftRange, Double zoomRange, List<Double> brightnessRange) {

        public static Augment none() {
            return new Augment(null, null, null, null, null, null, null);
        }

        public Augment horizontalFlip(boolean v) {
            return new Augment(v, verticalFlip, rotationRange, widthShiftRange, heightShiftRange, zoomRange, brightnessRange);
        }

        public Augment verticalFlip(boolean v) {
            return new Augment(horizontalFlip, v, rotationRange, widthShiftRange, heightShiftRange, zoomRange, brightnessRange);
        }

        public Augment rotationRange(double degrees) {
            return new Augment(horizontalFlip, verticalFlip, degrees, widthShiftRange, heightShiftRange, zoomRange, brightnessRange);
        }

        public Augment widthShiftRange(double fraction) {
            return new Augment(horizontalFlip, verticalFlip, rotationRange, fraction, heightShiftRange, zoomRange, brightnessRange);
        }

        public Augment heightShiftRange(double fraction) {
            return new Augment(horizontalFlip, verticalFlip, rotationRange, widthShiftRange, fraction, zoomRange, brightnessRange);
        }

        public Augment zoomRange(double z) {
            return new Augment(horizontalFlip, verticalFlip, rotationRange, widthShiftRange, heightShiftRange, z, brightnessRange);
        }

        public Augment brightnessRange(double lo, double hi) {
            return new Augment(horizontalFlip, verticalFlip, rotationRange, widthShiftRange, heightShiftRange, zoomRange, List.of(lo, hi));
        }
    }
}
