package dev.datagen.client;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The region of each image that becomes a generator's input ({@link GeneratorSettings#crop(Crop)}); without
 * one, the whole image is resized.
 *
 * @param mode     random-resized, center or pad
 * @param scale    random-resized: the area fraction range [min, max] within (0, 1] (server default [0.08, 1])
 * @param ratio    random-resized: the aspect ratio range [min, max] (server default [3/4, 4/3])
 * @param fraction center: the largest centred region of the input's aspect ratio, its sides scaled by this,
 *                 within (0, 1] (server default 1; 0.875 is the ImageNet evaluation crop)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Crop(Mode mode, List<Double> scale, List<Double> ratio, Double fraction) {

    public enum Mode {
        /** A random region (area and aspect drawn per sample, seeded), resized: Inception / torchvision style. */
        @JsonProperty("random-resized") RANDOM_RESIZED,
        /** The centred region of the input's aspect ratio, sides scaled by {@code fraction}, resized. */
        @JsonProperty("center") CENTER,
        /** The whole image letterboxed (padded) to the input's aspect ratio, then resized. */
        @JsonProperty("pad") PAD
    }

    /** A random resized crop with the service's default ranges. */
    public static Crop randomResized() {
        return new Crop(Mode.RANDOM_RESIZED, null, null, null);
    }

    public static Crop randomResized(double minScale, double maxScale, double minRatio, double maxRatio) {
        return new Crop(Mode.RANDOM_RESIZED, List.of(minScale, maxScale), List.of(minRatio, maxRatio), null);
    }

    public static Crop center(double fraction) {
        return new Crop(Mode.CENTER, null, null, fraction);
    }

    public static Crop pad() {
        return new Crop(Mode.PAD, null, null, null);
    }
}
