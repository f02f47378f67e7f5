package dev.datagen.dataset;

import java.util.List;
import java.util.Map;

import dev.datagen.image.ColorMode;
import dev.datagen.image.Interpolation;

/**
 * The optional {@code spec} part of a registration: overrides for what would otherwise be inferred.
 * Every entry is optional.
 */
public record DatasetSpec(Map<String, InputSpec> inputs, Map<String, OutputSpec> outputs) {

    public DatasetSpec {
        inputs = inputs == null ? Map.of() : Map.copyOf(inputs);
        outputs = outputs == null ? Map.of() : Map.copyOf(outputs);
    }

    public static DatasetSpec empty() {
        return new DatasetSpec(null, null);
    }

    /**
     * @param size  [height, width] to resize to; default: the first image's size
     * @param color rgb or grayscale; default: grayscale when the first image has one channel, else rgb.
     *              When given, images of any channel count are converted; when not, all must match the first
     * @param interpolation how images are resized: auto (default), bilinear, area, bicubic or nearest
     */
    public record InputSpec(List<Integer> size, ColorMode color, Interpolation interpolation) {
    }

    /**
     * @param kind       categorical, multilabel or mask; default: categorical when every vector is one-hot,
     *                   multilabel otherwise, mask when the lines are image paths
     * @param classes    number of classes; default: the vector width, or the highest mask id + 1
     * @param encoding   for masks: ids (default) or onehot
     * @param classNames optional names of the classes, in class-index order
     */
    public record OutputSpec(OutputKind kind, Integer classes, MaskEncoding encoding, List<String> classNames) {
    }
}
