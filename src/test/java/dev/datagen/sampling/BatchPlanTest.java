package dev.datagen.sampling;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

class BatchPlanTest {

    private static List<Long> allPositions(BatchPlan plan) {
        List<Long> all = new ArrayList<>();
        for (int shard = 0; shard < plan.numShards(); shard++) {
            for (long b = 0; b < plan.batches(shard); b++) {
                for (long p : plan.positions(shard, b)) {
                    all.add(p);
                }
            }
        }
        return all;
    }

    @Test
    void batchesOfAnEpochPartitionTheSplit() {
        BatchPlan plan = new BatchPlan(100, 32, false, 1);
        assertThat(plan.batches(0)).isEqualTo(4);
        assertThat(plan.batchLength(0, 3)).isEqualTo(4);
        List<Long> all = allPositions(plan);
        assertThat(all).hasSize(100);
        assertThat(new HashSet<>(all)).hasSize(100);
    }

    @Test
    void dropLastLeavesOutThePartialBatch() {
        BatchPlan plan = new BatchPlan(100, 32, true, 1);
        assertThat(plan.batches(0)).isEqualTo(3);
        assertThat(allPositions(plan)).hasSize(96);
    }

    @Test
    void shardsAreDisjointCoverTheEpochAndDifferByAtMostOne() {
        for (int samples : new int[] {1, 7, 100, 101, 1003}) {
            for (int shards : new int[] {1, 2, 3, 8}) {
                if (shards > samples) {
                    continue;
                }
                BatchPlan plan = new BatchPlan(samples, 16, false, shards);
                List<Long> all = allPositions(plan);
                Set<Long> distinct = new HashSet<>(all);
                assertThat(all).as("no duplicates, no padding").hasSize(samples);
                assertThat(distinct).hasSize(samples);
                int min = Integer.MAX_VALUE;
                int max = 0;
                for (int k = 0; k < shards; k++) {
                    min = Math.min(min, plan.shardSize(k));
                    max = Math.max(max, plan.shardSize(k));
                }
                assertThat(max - min).isLessThanOrEqualTo(1);
            }
        }
    }

    @Test
    void aOneSampleSplitHasOneBatchOfOne() {
        BatchPlan plan = new BatchPlan(1, 32, false, 1);
        assertThat(plan.batches(0)).isEqualTo(1);
        assertThat(plan.positions(0, 0)).containsExactly(0);
        assertThat(new BatchPlan(1, 32, true, 1).batches(0)).isZero();
    }
}
