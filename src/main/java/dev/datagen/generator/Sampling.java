package dev.datagen.generator;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import dev.datagen.problem.InvalidFieldException;
import dev.datagen.problem.ProblemType;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * How the samples of an epoch are chosen. {@code uniform} (the default): every sample once, in the epoch's
 * order. {@code balanced}: at every position, each class of a categorical output is equally likely, and a
 * sample of it is drawn uniformly, with replacement. {@code weighted}: classes drawn in proportion to
 * {@code classWeights}.
 *
 * @param output       balanced and weighted: the categorical output whose classes are drawn
 * @param classWeights weighted: one non-negative weight per class, not all zero
 * @param epochSamples balanced and weighted: positions per epoch; default the split's (or subset's) size
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(description = "How the samples of an epoch are chosen; absent: uniform")
public record Sampling(
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED) Mode mode,
        @Schema(description = "balanced, weighted: the categorical output", example = "label") String output,
        @ArraySchema(arraySchema = @Schema(description = "weighted: one weight per class of the output, not all zero",
                example = "[1, 1, 5]"), schema = @Schema(minimum = "0")) List<Double> classWeights,
        @Schema(description = "balanced, weighted: positions per epoch; default the split's (or subset's) size",
                minimum = "1") Integer epochSamples) {

    public enum Mode {
        @JsonProperty("uniform") UNIFORM,
        @JsonProperty("balanced") BALANCED,
        @JsonProperty("weighted") WEIGHTED
    }

    public Sampling {
        if (mode == null) {
            throw invalid("mode", "must be uniform, balanced or weighted");
        }
        if (mode == Mode.UNIFORM && (output != null || classWeights != null || epochSamples != null)) {
            throw invalid(output != null ? "output" : classWeights != null ? "classWeights" : "epochSamples",
                    "applies to modes balanced and weighted only");
        }
        if (mode != Mode.UNIFORM && (output == null || output.isBlank())) {
            throw invalid("output", "names the categorical output whose classes are drawn");
        }
        if (mode == Mode.WEIGHTED) {
            if (classWeights == null || classWeights.isEmpty()) {
                throw invalid("classWeights", "must give one weight per class");
            }
            if (classWeights.stream().anyMatch(w -> w == null || !(w >= 0) || Double.isInfinite(w))) {
                throw invalid("classWeights", "must be finite and not negative");
            }
            if (classWeights.stream().allMatch(w -> w == 0)) {
                throw invalid("classWeights", "must not all be zero");
            }
            classWeights = List.copyOf(classWeights);
        } else if (classWeights != null) {
            throw invalid("classWeights", "applies to mode weighted only");
        }
        if (epochSamples != null && epochSamples < 1) {
            throw invalid("epochSamples", "must be at least 1, got " + epochSamples);
        }
    }

    private static InvalidFieldException invalid(String field, String reason) {
        return new InvalidFieldException(ProblemType.INVALID_GENERATOR, field, reason);
    }
}
