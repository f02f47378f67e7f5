package dev.datagen.client;

import java.util.List;

/**
 * Per-channel normalization, {@code (x * rescale - mean) / std} (float32 only; rescale as set, else 1), one
 * value per channel of the input ({@link GeneratorSettings#normalize(Normalize)}).
 *
 * <pre>{@code
 * new Normalize(List.of(0.485, 0.456, 0.406), List.of(0.229, 0.224, 0.225))   // ImageNet, with rescale 1/255
 * }</pre>
 */
public record Normalize(List<Double> mean, List<Double> std) {
}
