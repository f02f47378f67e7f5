package dev.datagen.generator;

import java.util.Map;

import dev.datagen.dataset.Dataset;
import dev.datagen.dataset.DatasetDescriptor;
import dev.datagen.dataset.DatasetDescriptor.InputInfo;
import dev.datagen.dataset.DatasetDescriptor.OutputInfo;
import dev.datagen.dataset.OutputKind;
import dev.datagen.payload.DType;
import dev.datagen.problem.ProblemException;
import dev.datagen.problem.ProblemType;
import dev.datagen.problem.Quote;
import dev.datagen.sampling.BatchPlan;

/**
 * What a generator's settings must agree with: the dataset they read (its splits, inputs and outputs) and
 * the limits. Each refusal names the field and the reason.
 */
final class GeneratorChecks {

    private GeneratorChecks() {
    }

    static void check(GeneratorSettings s, Dataset d, GeneratorLimits limits) {
        DatasetDescriptor desc = d.descriptor();
        DatasetDescriptor.SplitInfo split = desc.split(s.split());
        if (split == null) {
            throw invalid("dataset '" + d.name() + "' has no split " + Quote.of(s.split()) + "; it has "
                    + desc.splits().keySet(), "split");
        }
        if (s.batchSize() < 1 || s.batchSize() > limits.maxBatchSize()) {
            throw invalid("batchSize must be from 1 to " + limits.maxBatchSize() + " (datagen.limits.max-batch-size), got "
                    + s.batchSize(), "batchSize");
        }
        if (s.rescale() != null && (!Double.isFinite(s.rescale()) || s.dtype() == DType.UINT8)) {
            throw invalid(s.dtype() == DType.UINT8 ? "rescale needs dtype float32; uint8 carries the raw pixel values"
                    : "rescale must be a finite number", "rescale");
        }
        checkSubset(s, desc, split.samples());
        checkPreprocessing(s, desc);
        checkFloat32Values(s);
        checkSampling(s, desc);
        int positions = s.positions(split.samples());
        if (s.numShards() < 1 || s.numShards() > Math.min(limits.maxShards(), positions)) {
            throw invalid("numShards must be from 1 to " + Math.min(limits.maxShards(), positions)
                    + " (no more shards than samples), got " + s.numShards(), "numShards");
        }
        BatchPlan plan = new BatchPlan(positions, s.batchSize(), s.dropLast(), s.numShards());
        for (int shard = 0; shard < s.numShards(); shard++) {
            if (plan.batches(shard) == 0) {
                throw invalid("with dropLast, shard " + shard + " (" + plan.shardSize(shard)
                        + " samples) has no full batch of " + s.batchSize(), "batchSize");
            }
        }
        long bytes = s.batchSize() * new BatchLayout(desc, s).bytesPerSample();
        if (bytes > limits.maxBatchBytes().toBytes()) {
            throw invalid("a batch of " + s.batchSize() + " would take " + bytes + " bytes, more than "
                    + "datagen.limits.max-batch-bytes (" + limits.maxBatchBytes().toBytes() + ")", "batchSize");
        }
    }

    private static void checkSubset(GeneratorSettings s, DatasetDescriptor desc, int samples) {
        if (s.validationSplit() == null) {
            return;
        }
        int validation = (int) Math.round(samples * s.validationSplit());
        if (validation < 1 || validation >= samples) {
            throw invalid("validationSplit " + s.validationSplit() + " of " + samples + " samples leaves "
                    + (validation < 1 ? "no validation sample" : "no training sample"), "validationSplit");
        }
        if (Boolean.TRUE.equals(s.stratify()) && firstCategorical(desc) == null) {
            throw invalid("stratify needs a categorical output, and the dataset has none", "stratify");
        }
    }

    private static void checkPreprocessing(GeneratorSettings s, DatasetDescriptor desc) {
        if (s.normalize() != null) {
            if (s.dtype() != DType.FLOAT32) {
                throw invalid("normalize needs dtype float32", "normalize");
            }
            for (InputInfo in : desc.inputs()) {
                if (s.normalize().mean().size() != in.channels()) {
                    throw invalid("normalize has " + s.normalize().mean().size() + " values per list but input '"
                            + in.name() + "' has " + in.channels() + " channel(s)", "normalize.mean");
                }
            }
        }
        boolean masks = desc.maskCount() > 0;
        if (s.mixup() != null && s.dtype() != DType.FLOAT32) {
            throw invalid("mixup blends pixels, so it needs dtype float32", "mixup");
        }
        if (s.mixup() != null && masks) {
            throw invalid("mixup would blend the class ids of a mask output; use cutmix, which pastes them", "mixup");
        }
    }

    /**
     * Settings that pass as doubles may still overflow or divide by zero in float32, in which the pixels are
     * computed (rescale 1e300, std 1e-300, mean 1e308): such a generator would serve batches of NaN or
     * infinity without a word, so every value a pixel can take is computed here as the batch will have it.
     */
    private static void checkFloat32Values(GeneratorSettings s) {
        if (s.dtype() != DType.FLOAT32 || (s.rescale() == null && s.normalize() == null)) {
            return;
        }
        float scale = s.rescale() == null ? 1f : s.rescale().floatValue();
        float[] mean = s.normalize() == null ? null : s.normalize().meanFloats();
        float[] std = s.normalize() == null ? null : s.normalize().stdFloats();
        for (int ch = 0; ch < (mean == null ? 1 : mean.length); ch++) {
            for (int x = 0; x < 256; x++) {
                if (Float.isFinite(PixelWriter.value(x, ch, scale, mean, std))) {
                    continue;
                }
                String field = !Float.isFinite(x * scale) ? "rescale"
                        : !Float.isFinite(x * scale - mean[ch]) ? "normalize.mean" : "normalize.std";
                throw invalid("with these values, pixel value " + x + (mean == null ? "" : " of channel " + ch)
                        + " becomes " + PixelWriter.value(x, ch, scale, mean, std) + ": pixels are computed as"
                        + " (x * rescale - mean) / std in float32, the batch's type, whose largest value is about 3.4e38",
                        field);
            }
        }
    }

    private static void checkSampling(GeneratorSettings s, DatasetDescriptor desc) {
        if (!s.samplesByClass()) {
            return;
        }
        String name = s.sampling().output();
        OutputInfo out = desc.outputs().stream().filter(o -> o.name().equals(name)).findFirst()
                .orElseThrow(() -> invalid("the dataset has no output " + Quote.of(name), "sampling.output"));
        if (out.kind() != OutputKind.CATEGORICAL) {
            throw invalid("output '" + name + "' is " + out.kind().name().toLowerCase(java.util.Locale.ROOT)
                    + "; sampling by class needs a categorical output", "sampling.output");
        }
        if (s.sampling().classWeights() != null && s.sampling().classWeights().size() != out.classes()) {
            throw invalid("classWeights has " + s.sampling().classWeights().size() + " weights but output '" + name
                    + "' has " + out.classes() + " classes", "sampling.classWeights");
        }
    }

    /** The output a stratified division follows: the first categorical one. */
    static OutputInfo firstCategorical(DatasetDescriptor desc) {
        return desc.outputs().stream().filter(o -> o.kind() == OutputKind.CATEGORICAL).findFirst().orElse(null);
    }

    static ProblemException invalid(String reason, String field) {
        return new ProblemException(ProblemType.INVALID_GENERATOR, reason + ".", Map.of("field", field));
    }
}
