package dev.datagen.sampling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Beta(α, α) as MixUp and CutMix draw λ: within [0, 1], mean 1/2, variance 1 / (4 (2α + 1)). */
class BetaTest {

    @Test
    void drawsHaveTheBetaDistributionsMeanAndVariance() {
        for (double alpha : new double[] {0.2, 1.0, 4.0}) {
            SplitMix64 rng = new SplitMix64(17);
            int n = 200_000;
            double sum = 0;
            double squares = 0;
            for (int i = 0; i < n; i++) {
                double x = Beta.symmetric(rng, alpha);
                assertThat(x).isBetween(0.0, 1.0);
                sum += x;
                squares += x * x;
            }
            double mean = sum / n;
            double variance = squares / n - mean * mean;
            assertThat(mean).as("alpha %s", alpha).isCloseTo(0.5, within(0.005));
            assertThat(variance).as("alpha %s", alpha).isCloseTo(1 / (4 * (2 * alpha + 1)), within(0.003));
        }
    }

    @Test
    void smallAlphaPutsMostDrawsNearZeroOrOne() {
        SplitMix64 rng = new SplitMix64(5);
        int extreme = 0;
        for (int i = 0; i < 10_000; i++) {
            double x = Beta.symmetric(rng, 0.2);
            extreme += x < 0.1 || x > 0.9 ? 1 : 0;
        }
        // P(X < 0.1 or X > 0.9) for Beta(0.2, 0.2) is 0.673 (scipy.stats.beta.cdf)
        assertThat(extreme).isBetween(6550, 6920);
    }
}
