package dev.datagen.client;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * How the positions of an epoch are drawn ({@link GeneratorSettings#sampling(Sampling)}): uniform (each sample
 * once, the default), or drawn per class of a categorical output, balanced or by weight.
 *
 * @param mode         uniform, balanced or weighted
 * @param output       balanced, weighted: the categorical output whose classes are drawn
 * @param classWeights weighted: one weight per class
 * @param epochSamples balanced, weighted: positions per epoch (server default: the split's size)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Sampling(Mode mode, String output, List<Double> classWeights, Integer epochSamples) {

    public enum Mode {
        @JsonProperty("uniform") UNIFORM,
        @JsonProperty("balanced") BALANCED,
        @JsonProperty("weighted") WEIGHTED
    }

    public static Sampling uniform() {
        return new Sampling(Mode.UNIFORM, null, null, null);
    }

    /** Every class of {@code output} drawn equally often. */
    public static Sampling balanced(String output) {
        return new Sampling(Mode.BALANCED, output, null, null);
    }

    /** Classes of {@code output} drawn in proportion to {@code classWeights}. */
    public static Sampling weighted(String output, List<Double> classWeights) {
        return new Sampling(Mode.WEIGHTED, output, List.copyOf(classWeights), null);
    }

    public Sampling epochSamples(int positions) {
        return new Sampling(mode, output, classWeights, positions);
    }
}
