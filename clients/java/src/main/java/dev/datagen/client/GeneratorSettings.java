package dev.datagen.client;

import java.util.List;
import java.util.function.Consumer;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A generator's settings, as in the README's table. Every field but {@code split} is optional: null means
 * "the server's default" and is not sent. The description the server returns ({@link GeneratorInfo#settings()})
 * has every field filled in, including the seed it drew.
 *
 * <pre>{@code
 * GeneratorSettings.of("train").batchSize(64).seed(42L).layout(Layout.NCHW).rescale(1 / 255.0)
 *         .crop(Crop.randomResized(0.08, 1.0, 0.75, 4 / 3.0)).normalize(new Normalize(List.of(0.1307), List.of(0.3081)))
 *         .mixup(0.2).validationSplit(0.2).subset(Subset.TRAINING).stratify(true)
 * }</pre>
 *
 * @param split           {@code train}, {@code test}, ...
 * @param batchSize       samples per batch (server default 32)
 * @param shuffle         shuffle each epoch (default true)
 * @param seed            seed of shuffling and augmentation (default: drawn by the server and returned)
 * @param dropLast        leave out the last, smaller batch of an epoch (default false)
 * @param dtype           element type of image arrays (default float32); labels are always float32
 * @param rescale         multiply pixels by this, float32 only (default none: values 0..255)
 * @param layout          NHWC (default) or NCHW, which DL4J's convolution layers take
 * @param numShards       shards for distributed training (default 1)
 * @param onError         what a batch does with an image that became unreadable (default fail)
 * @param augment         seeded augmentation (default none)
 * @param crop            the region of each image that becomes the input (default: the whole image resized)
 * @param normalize       per-channel {@code (x * rescale - mean) / std}, float32 only
 * @param mixup           MixUp per batch (images and vector labels blended), float32 only
 * @param cutmix          CutMix per batch (a box of the partner pasted, labels by its area); with mixup, one of
 *                        the two per batch
 * @param sampling        how an epoch's samples are drawn (default uniform: each once)
 * @param validationSplit fraction of the split held out for validation, within (0, 1); needs {@code subset}
 * @param subset          with validationSplit: the side this generator reads
 * @param splitSeed       with validationSplit: the seed of the division (default 0), independent of {@code seed}
 * @param stratify        with validationSplit: divide each class of the first categorical output in proportion
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record GeneratorSettings(String split, Integer batchSize, Boolean shuffle, Long seed, Boolean dropLast,
        DType dtype, Double rescale, Layout layout, Integer numShards, OnError onError, Augment augment, Crop crop,
        Normalize normalize, Mix mixup, Mix cutmix, Sampling sampling, Double validationSplit, Subset subset,
        Long splitSeed, Boolean stratify) {

    public GeneratorSettings {
        if (split == null || split.isBlank()) {
            throw new IllegalArgumentException("split is required, e.g. \"train\"");
        }
    }

    /** Settings over {@code split} with every other field left to the server. */
    public static GeneratorSettings of(String split) {
        SettingsFields f = new SettingsFields(null);
        f.split = split;
        return f.build();
    }

    public GeneratorSettings batchSize(int v) {
        return with(f -> f.batchSize = v);
    }

    public GeneratorSettings shuffle(boolean v) {
        return with(f -> f.shuffle = v);
    }

    public GeneratorSettings seed(long v) {
        return with(f -> f.seed = v);
    }

    public GeneratorSettings dropLast(boolean v) {
        return with(f -> f.dropLast = v);
    }

    public GeneratorSettings dtype(DType v) {
        return with(f -> f.dtype = v);
    }

    public GeneratorSettings rescale(double v) {
        return with(f -> f.rescale = v);
    }

    public GeneratorSettings layout(Layout v) {
        return with(f -> f.layout = v);
    }

    public GeneratorSettings numShards(int v) {
        return with(f -> f.numShards = v);
    }

    public GeneratorSettings onError(OnError v) {
        return with(f -> f.onError = v);
    }

    public GeneratorSettings augment(Augment v) {
        return with(f -> f.augment = v);
    }

    public GeneratorSettings crop(Crop v) {
        return with(f -> f.crop = v);
    }

    public GeneratorSettings normalize(Normalize v) {
        return with(f -> f.normalize = v);
    }

    /** MixUp with {@code lambda ~ Beta(alpha, alpha)} per batch. */
    public GeneratorSettings mixup(double alpha) {
        return with(f -> f.mixup = new Mix(alpha));
    }

    /** CutMix with {@code lambda ~ Beta(alpha, alpha)} per batch. */
    public GeneratorSettings cutmix(double alpha) {
        return with(f -> f.cutmix = new Mix(alpha));
    }

    public GeneratorSettings sampling(Sampling v) {
        return with(f -> f.sampling = v);
    }

    public GeneratorSettings validationSplit(double fraction) {
        return with(f -> f.validationSplit = fraction);
    }

    public GeneratorSettings subset(Subset v) {
        return with(f -> f.subset = v);
    }

    public GeneratorSettings splitSeed(long v) {
        return with(f -> f.splitSeed = v);
    }

    public GeneratorSettings stratify(boolean v) {
        return with(f -> f.stratify = v);
    }

    private GeneratorSettings with(Consumer<SettingsFields> change) {
        SettingsFields f = new SettingsFields(this);
        change.accept(f);
        return f.build();
    }

    /** With validationSplit: the side of the division a generator reads. */
    public enum Subset {
        @JsonProperty("training") TRAINING,
        @JsonProperty("validation") VALIDATION
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
