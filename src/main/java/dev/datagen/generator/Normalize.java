package dev.datagen.generator;

import java.util.List;

import dev.datagen.problem.InvalidFieldException;
import dev.datagen.problem.ProblemType;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * Per-channel normalization of float32 images, {@code (x * rescale - mean[c]) / std[c]} with x the 0..255
 * pixel, written in the same pass as the pixels. With {@code rescale: 1/255} torchvision's ImageNet constants
 * apply as they are: mean [0.485, 0.456, 0.406], std [0.229, 0.224, 0.225].
 */
@Schema(description = "Per-channel (x * rescale - mean) / std, float32 only; one value per channel")
public record Normalize(
        @ArraySchema(minItems = 1, arraySchema = @Schema(description = "one finite value per channel of every input",
                example = "[0.485, 0.456, 0.406]", requiredMode = Schema.RequiredMode.REQUIRED)) List<Double> mean,
        @ArraySchema(minItems = 1, arraySchema = @Schema(description = "one value per channel, each above 0",
                example = "[0.229, 0.224, 0.225]", requiredMode = Schema.RequiredMode.REQUIRED),
                schema = @Schema(minimum = "0", exclusiveMinimum = true)) List<Double> std) {

    public Normalize {
        if (mean == null || std == null || mean.isEmpty() || mean.size() != std.size()) {
            throw invalid("mean", "mean and std must both be given, one value per channel, of the same length");
        }
        if (mean.stream().anyMatch(m -> m == null || !Double.isFinite(m))) {
            throw invalid("mean", "must be finite numbers");
        }
        if (std.stream().anyMatch(s -> s == null || !(s > 0) || Double.isInfinite(s))) {
            throw invalid("std", "must be finite numbers above 0");
        }
        mean = List.copyOf(mean);
        std = List.copyOf(std);
    }

    /** The means as float32, in which pixels are normalized. */
    public float[] meanFloats() {
        return floats(mean);
    }

    /** The standard deviations as float32. */
    public float[] stdFloats() {
        return floats(std);
    }

    private static float[] floats(List<Double> values) {
        float[] f = new float[values.size()];
        for (int i = 0; i < f.length; i++) {
            f[i] = values.get(i).floatValue();
        }
        return f;
    }

    private static InvalidFieldException invalid(String field, String reason) {
        return new InvalidFieldException(ProblemType.INVALID_GENERATOR, field, reason);
    }
}
