package dev.datagen.sampling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

/**
 * What each sampling mode promises for one epoch: uniform visits every member once; balanced and weighted
 * draw classes in proportion (judged by the chi-square test the issue names), samples within a class
 * uniformly, and every position as a pure function of (seed, epoch, position).
 */
class SamplerTest {

    /** Chi-square's critical values at p = 0.01 by degrees of freedom (scipy.stats.chi2.ppf(0.99, df)). */
    static final double CHI2_99_DF9 = 21.666;
    static final double CHI2_99_DF3 = 11.345;

    /** A split of 10 classes, class k with 20 * (k + 1)^2 samples: from 20 to 2000, interleaved. */
    static int[] imbalancedClasses() {
        int total = 0;
        for (int k = 0; k < 10; k++) {
            total += 20 * (k + 1) * (k + 1);
        }
        int[] classOf = new int[total];
        int[] left = new int[10];
        for (int k = 0; k < 10; k++) {
            left[k] = 20 * (k + 1) * (k + 1);
        }
        for (int i = 0, k = 0; i < total; k = (k + 1) % 10) {
            if (left[k] > 0) {
                classOf[i++] = k;
                left[k]--;
            }
        }
        return classOf;
    }

    static ClassMembers members(int[] classOf, int classes) {
        int[] all = new int[classOf.length];
        Arrays.setAll(all, i -> i);
        return ClassMembers.of(all, classOf, classes);
    }

    static long[] classCounts(Sampler sampler, long epoch, int[] classOf, int classes) {
        long[] counts = new long[classes];
        Sampler.Epoch e = sampler.epoch(epoch);
        for (long p = 0; p < sampler.positions(); p++) {
            counts[classOf[e.sampleAt(p)]]++;
        }
        return counts;
    }

    static double chiSquare(long[] observed, double[] expectedShare) {
        long n = Arrays.stream(observed).sum();
        double chi = 0;
        for (int k = 0; k < observed.length; k++) {
            double expected = n * expectedShare[k];
            chi += (observed[k] - expected) * (observed[k] - expected) / expected;
        }
        return chi;
    }

    @Test
    void uniformVisitsEveryMemberOnceAnEpoch() {
        int[] members = {3, 5, 8, 13, 21, 34, 55};
        Sampler sampler = Sampler.uniform(60, members, 7, true);
        Set<Integer> seen = new HashSet<>();
        for (long p = 0; p < sampler.positions(); p++) {
            seen.add(sampler.epoch(2).sampleAt(p));
        }
        assertThat(seen).containsExactlyInAnyOrder(3, 5, 8, 13, 21, 34, 55);
    }

    @Test
    void balancedCountsOfAnImbalancedSplitPassTheChiSquareTestForUniform() {
        int[] classOf = imbalancedClasses();
        double[] uniform = new double[10];
        Arrays.fill(uniform, 0.1);
        Sampler sampler = Sampler.byClass(members(classOf, 10), ones(10), classOf.length, 42);
        long[] counts = classCounts(sampler, 0, classOf, 10);
        assertThat(chiSquare(counts, uniform)).as(Arrays.toString(counts)).isLessThan(CHI2_99_DF9);
        // and the test is not lenient: the unbalanced split itself fails it by far
        long[] natural = new long[10];
        for (int k : classOf) {
            natural[k]++;
        }
        assertThat(chiSquare(natural, uniform)).isGreaterThan(100 * CHI2_99_DF9);
    }

    @Test
    void balancedEpochsAreRejectedAtTheTestsOwnRateOfOnePercent() {
        int[] classOf = imbalancedClasses();
        double[] uniform = new double[10];
        Arrays.fill(uniform, 0.1);
        ClassMembers members = members(classOf, 10);
        int rejected = 0;
        for (long epoch = 0; epoch < 300; epoch++) {
            Sampler sampler = Sampler.byClass(members, ones(10), 2000, 1000 + epoch);
            rejected += chiSquare(classCounts(sampler, epoch, classOf, 10), uniform) > CHI2_99_DF9 ? 1 : 0;
        }
        // Binomial(300, 0.01): mean 3; more than 11 has probability below 1e-4
        assertThat(rejected).isLessThanOrEqualTo(11);
    }

    @Test
    void samplesWithinAClassAreDrawnUniformly() {
        int[] classOf = imbalancedClasses();
        ClassMembers members = members(classOf, 10);
        Sampler sampler = Sampler.byClass(members, ones(10), 40_000, 3);
        long[] perMember = new long[members.count(0)];
        Sampler.Epoch e = sampler.epoch(0);
        for (long p = 0; p < sampler.positions(); p++) {
            int s = e.sampleAt(p);
            if (classOf[s] == 0) {
                perMember[Arrays.binarySearch(memberList(members, 0), s)]++;
            }
        }
        double[] share = new double[perMember.length];
        Arrays.fill(share, 1.0 / perMember.length);
        // class 0 has 20 members: df 19, critical value 36.19 at p = 0.01
        assertThat(chiSquare(perMember, share)).as(Arrays.toString(perMember)).isLessThan(36.19);
    }

    @Test
    void weightedDrawsFollowTheWeightsAndNeverAZeroWeightClass() {
        int[] classOf = new int[400];
        for (int i = 0; i < classOf.length; i++) {
            classOf[i] = i % 5 == 0 ? 0 : i % 5 == 1 ? 1 : i % 5 == 2 ? 2 : 3;
        }
        double[] weights = {1, 2, 0, 5};
        Sampler sampler = Sampler.byClass(members(classOf, 4), weights, 8000, 9);
        long[] counts = classCounts(sampler, 4, classOf, 4);
        assertThat(counts[2]).isZero();
        long[] drawn = {counts[0], counts[1], counts[3]};
        assertThat(chiSquare(drawn, new double[] {1 / 8.0, 2 / 8.0, 5 / 8.0})).as(Arrays.toString(counts))
                .isLessThan(CHI2_99_DF3);
    }

    @Test
    void eachPositionIsAPureFunctionOfSeedEpochAndPosition() {
        int[] classOf = imbalancedClasses();
        Sampler a = Sampler.byClass(members(classOf, 10), ones(10), 1000, 5);
        Sampler b = Sampler.byClass(members(classOf, 10), ones(10), 1000, 5);
        int[] forward = new int[1000];
        for (int p = 0; p < 1000; p++) {
            forward[p] = a.epoch(3).sampleAt(p);
        }
        for (int p = 999; p >= 0; p--) {
            assertThat(b.epoch(3).sampleAt(p)).isEqualTo(forward[p]);
        }
        int differ = 0;
        for (int p = 0; p < 1000; p++) {
            differ += a.epoch(4).sampleAt(p) != forward[p] ? 1 : 0;
        }
        assertThat(differ).as("another epoch draws anew").isGreaterThan(900);
    }

    @Test
    void aWeightedClassWithoutSamplesIsRefused() {
        int[] classOf = {0, 0, 2, 2};
        assertThatThrownBy(() -> Sampler.byClass(members(classOf, 3), ones(3), 10, 1))
                .hasMessageContaining("class 1");
        assertThatThrownBy(() -> new AliasTable(new double[] {0, 0})).hasMessageContaining("positive");
        assertThatThrownBy(() -> new AliasTable(new double[] {1, -1})).hasMessageContaining("non-negative");
    }

    private static double[] ones(int n) {
        double[] w = new double[n];
        Arrays.fill(w, 1);
        return w;
    }

    private static int[] memberList(ClassMembers members, int k) {
        int[] list = new int[members.count(k)];
        Arrays.setAll(list, r -> members.member(k, r));
        return list;
    }
}
