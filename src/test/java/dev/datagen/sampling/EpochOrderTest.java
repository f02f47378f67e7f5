package dev.datagen.sampling;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

class EpochOrderTest {

    private static long[] order(long n, long seed, long epoch, boolean shuffle) {
        EpochOrder o = new EpochOrder(n, seed, epoch, shuffle);
        long[] out = new long[(int) n];
        for (int i = 0; i < n; i++) {
            out[i] = o.at(i);
        }
        return out;
    }

    private static boolean isPermutation(long[] order) {
        long[] sorted = order.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < sorted.length; i++) {
            if (sorted[i] != i) {
                return false;
            }
        }
        return true;
    }

    @Test
    void everyEpochIsAPermutationForManySizes() {
        for (long n : new long[] {1, 2, 3, 4, 5, 7, 8, 9, 16, 17, 63, 64, 65, 100, 1000, 4097, 60_000}) {
            for (long epoch = 0; epoch < 3; epoch++) {
                assertThat(isPermutation(order(n, 42, epoch, true))).as("n=%d epoch=%d", n, epoch).isTrue();
            }
        }
    }

    @Test
    void dependsOnlyOnSeedAndEpoch() {
        assertThat(order(1000, 7, 3, true)).containsExactly(order(1000, 7, 3, true));
        assertThat(order(1000, 7, 3, true)).isNotEqualTo(order(1000, 7, 4, true));
        assertThat(order(1000, 7, 3, true)).isNotEqualTo(order(1000, 8, 3, true));
    }

    @Test
    void noShuffleKeepsListOrder() {
        long[] o = order(10, 7, 5, false);
        assertThat(o).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
    }

    @Test
    void shuffleIsNotTheIdentityAndLooksUniform() {
        // where sample 0 lands over many epochs: roughly uniform over 10 buckets of 100 positions
        int[] buckets = new int[10];
        for (long epoch = 0; epoch < 2000; epoch++) {
            long[] o = order(1000, 1, epoch, true);
            for (int p = 0; p < o.length; p++) {
                if (o[p] == 0) {
                    buckets[p / 100]++;
                }
            }
        }
        for (int b : buckets) {
            assertThat(b).isBetween(140, 260);
        }
    }

    @Test
    void aPositionOfAHugeSplitIsComputedWithoutThePermutation() {
        EpochOrder o = new EpochOrder(2_000_000_000L, 3, 9, true);
        long v = o.at(1_999_999_999L);
        assertThat(v).isBetween(0L, 1_999_999_999L);
        assertThat(new EpochOrder(2_000_000_000L, 3, 9, true).at(1_999_999_999L)).isEqualTo(v);
    }
}
