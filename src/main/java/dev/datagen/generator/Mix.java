package dev.datagen.generator;

import dev.datagen.problem.InvalidFieldException;
import dev.datagen.problem.ProblemType;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * MixUp or CutMix: each batch draws λ ~ Beta(alpha, alpha), and sample i is mixed with sample N-1-i of the
 * same batch (as timm pairs them).
 */
@Schema(description = "MixUp or CutMix: lambda ~ Beta(alpha, alpha) per batch; sample i mixed with sample N-1-i")
public record Mix(@Schema(description = "the Beta distribution's parameter, 0 < alpha <= 100", example = "0.2",
        minimum = "0", exclusiveMinimum = true, maximum = "100", requiredMode = Schema.RequiredMode.REQUIRED) Double alpha) {

    public Mix {
        if (alpha == null || !(alpha > 0) || alpha > 100) {
            throw new InvalidFieldException(ProblemType.INVALID_GENERATOR, "alpha", "must be above 0 and at most 100, got " + alpha);
        }
    }
}
