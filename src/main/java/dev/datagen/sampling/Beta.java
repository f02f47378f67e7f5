package dev.datagen.sampling;

/**
 * Beta(alpha, alpha) draws for MixUp and CutMix, written out (Marsaglia and Tsang's gamma method, normals by
 * Box-Muller) so that every replica computes the same λ from the same generator.
 */
public final class Beta {

    private Beta() {
    }

    /** λ ~ Beta(alpha, alpha) = X / (X + Y) with X, Y ~ Gamma(alpha). */
    public static double symmetric(SplitMix64 rng, double alpha) {
        double x = gamma(rng, alpha);
        double y = gamma(rng, alpha);
        return x + y == 0 ? 0.5 : x / (x + y);
    }

    static double gamma(SplitMix64 rng, double shape) {
        if (shape < 1) {
            // Gamma(a) = Gamma(a + 1) * U^(1/a)
            return gamma(rng, shape + 1) * Math.pow(open(rng), 1 / shape);
        }
        double d = shape - 1.0 / 3;
        double c = 1 / Math.sqrt(9 * d);
        while (true) {
            double z = normal(rng);
            double v = 1 + c * z;
            if (v <= 0) {
                continue;
            }
            v = v * v * v;
            double u = open(rng);
            if (Math.log(u) < 0.5 * z * z + d - d * v + d * Math.log(v)) {
                return d * v;
            }
        }
    }

    private static double normal(SplitMix64 rng) {
        return Math.sqrt(-2 * Math.log(open(rng))) * Math.cos(2 * Math.PI * rng.nextDouble());
    }

    /** Uniform in (0, 1): never 0, so its logarithm is finite. */
    private static double open(SplitMix64 rng) {
        double u;
        do {
            u = rng.nextDouble();
        } while (u == 0);
        return u;
    }
}
