package dev.datagen.generator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import dev.datagen.sampling.BatchPlan;

class BatchJobTest {

    @Test
    void advanceRollsIntoTheNextEpoch() {
        BatchPlan plan = new BatchPlan(10, 4, false, 1);
        BatchJob job = new BatchJob(null, null, plan, 0, 0, 1);
        BatchJob next = job.advance(2);
        assertThat(next.epoch()).isEqualTo(1);
        assertThat(next.index()).isEqualTo(0);
    }
}
