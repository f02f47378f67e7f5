package dev.datagen.sampling;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

/** The validation division: disjoint, exact in size, stable, stratified when asked. */
class SubsetTest {

    @Test
    void subsetsAreDisjointCoverTheSplitAndTheValidationSideHasExactlyRoundNF() {
        for (int n : new int[] {2, 3, 10, 99, 1000, 4097}) {
            for (double f : new double[] {0.01, 0.2, 0.25, 0.5, 0.9}) {
                int expected = (int) Math.round(n * f);
                int[] validation = Subset.members(n, f, 7, null, 0, true);
                int[] training = Subset.members(n, f, 7, null, 0, false);
                assertThat(validation).as("n=%d f=%s", n, f).hasSize(expected);
                assertThat(IntStream.concat(Arrays.stream(validation), Arrays.stream(training)).sorted().toArray())
                        .isEqualTo(IntStream.range(0, n).toArray());
            }
        }
    }

    @Test
    void theDivisionDependsOnTheSplitSeedAndIsNotAPrefix() {
        int[] a = Subset.members(1000, 0.2, 1, null, 0, true);
        assertThat(Subset.members(1000, 0.2, 1, null, 0, true)).isEqualTo(a);
        int[] b = Subset.members(1000, 0.2, 2, null, 0, true);
        assertThat(b).isNotEqualTo(a);
        assertThat(a).isNotEqualTo(IntStream.range(0, 200).toArray());
        // spread over the split, not bunched
        assertThat(Arrays.stream(a).filter(i -> i < 500).count()).isBetween(70L, 130L);
    }

    @Test
    void aStratifiedDivisionTakesRoundFTimesEachClassWithinOne() {
        int[] classOf = SamplerTest.imbalancedClasses();
        int n = classOf.length;
        int[] perClass = new int[10];
        for (int k : classOf) {
            perClass[k]++;
        }
        for (double f : new double[] {0.1, 0.2, 0.33, 0.5}) {
            int[] validation = Subset.members(n, f, 3, classOf, 10, true);
            assertThat(validation).hasSize((int) Math.round(n * f));
            int[] taken = new int[10];
            for (int i : validation) {
                taken[classOf[i]]++;
            }
            for (int k = 0; k < 10; k++) {
                assertThat(Math.abs(taken[k] - Math.round(f * perClass[k]))).as("class %d at f=%s", k, f)
                        .isLessThanOrEqualTo(1);
            }
            int[] training = Subset.members(n, f, 3, classOf, 10, false);
            assertThat(IntStream.concat(Arrays.stream(validation), Arrays.stream(training)).sorted().toArray())
                    .isEqualTo(IntStream.range(0, n).toArray());
        }
    }
}
