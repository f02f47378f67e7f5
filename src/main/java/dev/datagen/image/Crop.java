package dev.datagen.image;

import java.util.List;
import java.util.random.RandomGenerator;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import dev.datagen.problem.InvalidFieldException;
import dev.datagen.problem.ProblemType;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * Which region of an image becomes the input, before it is resized to the input's size. Absent, the whole
 * image is resized (stretched) to the input, as before.
 *
 * @param mode     {@code random-resized} (torchvision's RandomResizedCrop), {@code center} (the evaluation
 *                 transform) or {@code pad} (letterbox to the input's aspect ratio, Keras' pad_to_aspect_ratio)
 * @param scale    random-resized: the range of the crop's area as a fraction of the image's, within (0, 1];
 *                 default [0.08, 1]
 * @param ratio    random-resized: the range of the crop's width / height, drawn log-uniformly; default
 *                 [3/4, 4/3]
 * @param fraction center: the largest centred region with the input's aspect ratio, its sides scaled by
 *                 this, within (0, 1]; default 1 (Keras' crop_to_aspect_ratio); 0.875 is the ImageNet
 *                 evaluation crop
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(description = "The region of an image that becomes the input; absent: the whole image resized")
public record Crop(
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED) Mode mode,
        @ArraySchema(minItems = 2, maxItems = 2, arraySchema = @Schema(description = "random-resized: [min, max] of "
                + "the crop's area as a fraction of the image's, 0 < min <= max <= 1; default [0.08, 1]",
                example = "[0.08, 1.0]"), schema = @Schema(minimum = "0", exclusiveMinimum = true, maximum = "1"))
        List<Double> scale,
        @ArraySchema(minItems = 2, maxItems = 2, arraySchema = @Schema(description = "random-resized: [min, max] of "
                + "width / height, drawn log-uniformly, 0 < min <= max; default [3/4, 4/3]", example = "[0.75, 1.3333]"),
                schema = @Schema(minimum = "0", exclusiveMinimum = true))
        List<Double> ratio,
        @Schema(description = "center: side fraction of the largest centred region of the input's aspect ratio; "
                + "default 1", example = "0.875", minimum = "0", exclusiveMinimum = true, maximum = "1") Double fraction) {

    /** How the region is chosen. */
    public enum Mode {
        @JsonProperty("random-resized") RANDOM_RESIZED,
        @JsonProperty("center") CENTER,
        @JsonProperty("pad") PAD
    }

    public Crop {
        if (mode == null) {
            throw invalid("mode", "must be random-resized, center or pad");
        }
        if (mode == Mode.RANDOM_RESIZED) {
            scale = pair("scale", scale == null ? List.of(0.08, 1.0) : scale, 0, 1, true);
            ratio = pair("ratio", ratio == null ? List.of(3.0 / 4, 4.0 / 3) : ratio, 0, Double.MAX_VALUE, false);
        } else if (scale != null || ratio != null) {
            throw invalid(scale != null ? "scale" : "ratio", "applies to mode random-resized only");
        }
        if (mode == Mode.CENTER) {
            fraction = fraction == null ? 1.0 : fraction;
            if (!(fraction > 0 && fraction <= 1)) {
                throw invalid("fraction", "must be within (0, 1], got " + fraction);
            }
        } else if (fraction != null) {
            throw invalid("fraction", "applies to mode center only");
        }
    }

    /**
     * The region of an {@code h x w} image a random-resized crop takes, as torchvision's RandomResizedCrop
     * draws it: up to ten tries of an area fraction uniform in {@code scale} and an aspect ratio log-uniform
     * in {@code ratio} (sides rounded half to even, as Python does), placed uniformly; else the central
     * crop with the ratio clamped. Draws come in that order from {@code rng}.
     */
    public Region draw(RandomGenerator rng, int h, int w) {
        double area = (double) h * w;
        double logLo = Math.log(ratio.get(0));
        double logHi = Math.log(ratio.get(1));
        for (int attempt = 0; attempt < 10; attempt++) {
            double target = area * uniform(rng, scale.get(0), scale.get(1));
            double aspect = Math.exp(uniform(rng, logLo, logHi));
            int cw = (int) Math.rint(Math.sqrt(target * aspect));
            int ch = (int) Math.rint(Math.sqrt(target / aspect));
            if (cw > 0 && cw <= w && ch > 0 && ch <= h) {
                int y = below(rng, h - ch + 1);
                int x = below(rng, w - cw + 1);
                return new Region(y, x, ch, cw);
            }
        }
        double in = (double) w / h;
        int cw = w;
        int ch = h;
        if (in < ratio.get(0)) {
            ch = Math.max(1, (int) Math.rint(w / ratio.get(0)));
        } else if (in > ratio.get(1)) {
            cw = Math.max(1, (int) Math.rint(h * ratio.get(1)));
        }
        return new Region((h - ch) / 2, (w - cw) / 2, ch, cw);
    }

    private static double uniform(RandomGenerator rng, double lo, double hi) {
        return lo + (hi - lo) * rng.nextDouble();
    }

    /** A uniform integer in [0, bound), from the top 32 bits of one draw. */
    private static int below(RandomGenerator rng, int bound) {
        return (int) (((rng.nextLong() >>> 32) * bound) >>> 32);
    }

    /** How a crop fits the decoded image the batch starts from (the cache keeps it so). */
    public PixelFormat decoded(PixelFormat input) {
        return switch (mode) {
            case RANDOM_RESIZED -> input.fitted(PixelFormat.Fit.SOURCE, 1);
            case CENTER -> input.fitted(PixelFormat.Fit.CENTER, fraction);
            case PAD -> input.fitted(PixelFormat.Fit.PAD, 1);
        };
    }

    /** An ordered pair within (lo, hi], or above lo when {@code upToHi} is false. */
    private static List<Double> pair(String name, List<Double> values, double lo, double hi, boolean upToHi) {
        if (values.size() != 2 || values.stream().anyMatch(java.util.Objects::isNull)) {
            throw invalid(name, "must be two numbers [min, max]");
        }
        double a = values.get(0);
        double b = values.get(1);
        if (!(a > lo && a <= b && b <= hi) || Double.isInfinite(b)) {
            throw invalid(name, "must satisfy " + lo + " < min <= max" + (upToHi ? " <= " + hi : "") + ", got " + values);
        }
        return List.copyOf(values);
    }

    private static InvalidFieldException invalid(String field, String reason) {
        return new InvalidFieldException(ProblemType.INVALID_GENERATOR, field, reason);
    }
}
