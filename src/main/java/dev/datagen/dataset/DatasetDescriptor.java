package dev.datagen.dataset;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.datagen.image.ColorMode;
import dev.datagen.image.Interpolation;

/**
 * Everything known about a registered dataset except its samples: the model's inputs and outputs and the
 * splits with their sizes and label distributions. Small (it grows with the number of classes, not samples).
 */
public record DatasetDescriptor(List<InputInfo> inputs, List<OutputInfo> outputs, Map<String, SplitInfo> splits) {

    public DatasetDescriptor {
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
        splits = Splits.ordered(splits);
    }

    public SplitInfo split(String name) {
        return splits.get(name);
    }

    public int maskCount() {
        return (int) outputs.stream().filter(o -> o.kind() == OutputKind.MASK).count();
    }

    /**
     * A model input: images resized to height x width with the color mode's channels.
     *
     * @param channels      channels delivered (1 for grayscale, 3 for rgb)
     * @param interpolation how images are resized (datasets registered before it existed: auto)
     */
    public record InputInfo(String name, int height, int width, ColorMode color, int channels,
            Interpolation interpolation) {
        public InputInfo {
            interpolation = interpolation == null ? Interpolation.AUTO : interpolation;
        }
    }

    /**
     * A model output.
     *
     * @param height     for masks, the delivered height (that of the first input)
     * @param width      for masks, the delivered width
     * @param classNames class names when known (from class folders or the spec)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record OutputInfo(String name, OutputKind kind, int classes, MaskEncoding encoding,
            Integer height, Integer width, List<String> classNames) {
    }

    /**
     * @param samples      number of samples
     * @param distribution per vector output, the number of samples with a non-zero value for each class
     * @param masks        per mask output, its class statistics (absent for datasets registered before them)
     */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record SplitInfo(int samples, Map<String, long[]> distribution, Map<String, MaskStats> masks) {

        /** A split without mask outputs. */
        public SplitInfo(int samples, Map<String, long[]> distribution) {
            this(samples, distribution, Map.of());
        }
    }

    /**
     * What a mask output holds in a split, counted over every mask at registration.
     *
     * @param pixels per class, its share of all mask pixels
     * @param images per class, the share of masks with at least one pixel of it
     */
    public record MaskStats(double[] pixels, double[] images) {
    }
}
