package dev.datagen.client;

/**
 * MixUp or CutMix ({@link GeneratorSettings#mixup(double)}, {@link GeneratorSettings#cutmix(double)}):
 * {@code lambda ~ Beta(alpha, alpha)} per batch, sample i mixed with sample N-1-i. The JSON view of a batch
 * reports what was mixed ({@link BatchSummary#mix()}).
 *
 * @param alpha above 0, at most 100
 */
public record Mix(Double alpha) {
}
