package dev.datagen.image;

import java.util.List;
import java.util.random.RandomGenerator;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

import dev.datagen.problem.InvalidFieldException;
import dev.datagen.problem.ProblemType;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * Random geometric and photometric changes, as Keras' {@code ImageDataGenerator} names them. Every field is
 * optional; an absent one does nothing.
 *
 * @param horizontalFlip   flip left-right with probability 1/2
 * @param verticalFlip     flip top-bottom with probability 1/2
 * @param rotationRange    rotate by a uniform angle in [-r, r] degrees
 * @param widthShiftRange  shift across by a uniform fraction of the width in [-s, s]
 * @param heightShiftRange shift down by a uniform fraction of the height in [-s, s]
 * @param zoomRange        zoom each axis by a uniform factor in [1-z, 1+z]; above 1 shows more of the image
 *                         (zooms out), as in Keras
 * @param brightnessRange  multiply pixel values by a uniform factor in [lo, hi], saturating at 255
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(description = "Seeded augmentation, applied identically to every image input and mask of a sample")
public record Augmentation(
        Boolean horizontalFlip,
        Boolean verticalFlip,
        Double rotationRange,
        Double widthShiftRange,
        Double heightShiftRange,
        Double zoomRange,
        List<Double> brightnessRange) {

    public Augmentation {
        horizontalFlip = horizontalFlip != null && horizontalFlip;
        verticalFlip = verticalFlip != null && verticalFlip;
        rotationRange = rotationRange == null ? 0.0 : rotationRange;
        widthShiftRange = widthShiftRange == null ? 0.0 : widthShiftRange;
        heightShiftRange = heightShiftRange == null ? 0.0 : heightShiftRange;
        zoomRange = zoomRange == null ? 0.0 : zoomRange;
        requireRange("rotationRange", rotationRange, 0, 180);
        requireRange("widthShiftRange", widthShiftRange, 0, 1);
        requireRange("heightShiftRange", heightShiftRange, 0, 1);
        requireRange("zoomRange", zoomRange, 0, 0.99);
        if (brightnessRange != null) {
            if (brightnessRange.size() != 2 || brightnessRange.stream().anyMatch(java.util.Objects::isNull)) {
                throw invalid("brightnessRange", "must be two numbers [lo, hi]");
            }
            double lo = brightnessRange.get(0);
            double hi = brightnessRange.get(1);
            if (!(lo > 0 && lo <= hi && hi <= 10)) {
                throw invalid("brightnessRange", "must satisfy 0 < lo <= hi <= 10, got " + brightnessRange);
            }
            brightnessRange = List.copyOf(brightnessRange);
        }
    }

    private static void requireRange(String name, double value, double min, double max) {
        if (!(value >= min && value <= max)) {
            throw invalid(name, "must be within [" + min + ", " + max + "], got " + value);
        }
    }

    private static InvalidFieldException invalid(String field, String reason) {
        return new InvalidFieldException(ProblemType.INVALID_GENERATOR, field, field + " " + reason);
    }

    /** Whether any change is asked for at all. */
    @JsonIgnore
    public boolean isIdentity() {
        return !horizontalFlip && !verticalFlip && rotationRange == 0 && widthShiftRange == 0
                && heightShiftRange == 0 && zoomRange == 0 && brightnessRange == null;
    }

    /**
     * Draws one sample's transform. The draws happen in a fixed order whatever is enabled (flip-h, flip-v,
     * angle, shift-x, shift-y, zoom-x, zoom-y, brightness), so enabling one change does not alter the others.
     */
    public Transform draw(RandomGenerator rng, int height, int width) {
        boolean flipH = rng.nextDouble() < 0.5 && horizontalFlip;
        boolean flipV = rng.nextDouble() < 0.5 && verticalFlip;
        double angle = uniform(rng, -rotationRange, rotationRange);
        double shiftX = uniform(rng, -widthShiftRange, widthShiftRange) * width;
        double shiftY = uniform(rng, -heightShiftRange, heightShiftRange) * height;
        double zoomX = uniform(rng, 1 - zoomRange, 1 + zoomRange);
        double zoomY = uniform(rng, 1 - zoomRange, 1 + zoomRange);
        double brightness = brightnessRange == null ? 1
                : uniform(rng, brightnessRange.get(0), brightnessRange.get(1));

        double theta = Math.toRadians(angle);
        double cos = Math.cos(theta);
        double sin = Math.sin(theta);
        double sx = (flipH ? -1 : 1) / zoomX;
        double sy = (flipV ? -1 : 1) / zoomY;
        // forward map input -> output: translate(center + shift) . rotate . scale/flip . translate(-center)
        double a = cos * sx;
        double b = -sin * sy;
        double c = sin * sx;
        double d = cos * sy;
        double cx = (width - 1) / 2.0;
        double cy = (height - 1) / 2.0;
        double tx = cx + shiftX - (a * cx + b * cy);
        double ty = cy + shiftY - (c * cx + d * cy);
        return new Transform(new double[] {a, b, tx, c, d, ty}, brightness);
    }

    private static double uniform(RandomGenerator rng, double lo, double hi) {
        double u = rng.nextDouble();
        return lo + (hi - lo) * u;
    }

    /** A 2x3 affine matrix (row-major, input to output) and a brightness factor. */
    public record Transform(double[] matrix, double brightness) {

        public boolean isIdentityGeometry() {
            return matrix[0] == 1 && matrix[1] == 0 && matrix[2] == 0
                    && matrix[3] == 0 && matrix[4] == 1 && matrix[5] == 0;
        }
    }
}
