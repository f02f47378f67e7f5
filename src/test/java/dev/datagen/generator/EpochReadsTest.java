package dev.datagen.generator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** An earlier epoch is left behind only when nobody asked for it since a later one began. */
class EpochReadsTest {

    final EpochReads reads = new EpochReads();

    static BatchJob job(String generator, long epoch, long index) {
        return PrefetcherTest.job(generator, epoch, index);
    }

    @Test
    void anEpochNobodyAskedForSinceTheLaterOneBeganIsLeftBehind() {
        reads.record(job("g", 0, 0));
        reads.record(job("g", 0, 1));
        reads.record(job("g", 1, 0));

        assertThat(reads.leftBehind(job("g", 1, 0), 0)).isTrue();
        assertThat(reads.leftBehind(job("g", 1, 0), 5)).as("never asked for").isTrue();
    }

    @Test
    void anEpochAskedForAfterTheLaterOneBeganIsStillRead() {
        reads.record(job("g", 0, 0));
        reads.record(job("g", 1, 0));
        reads.record(job("g", 0, 1));

        assertThat(reads.leftBehind(job("g", 1, 1), 0)).isFalse();
        assertThat(reads.leftBehind(job("other", 1, 0), 0)).as("another generator's epochs are its own").isTrue();
    }

    @Test
    void epochsAreForgottenWithTheirGeneratorOrWhenNobodyAskedForThemInTime() throws Exception {
        reads.record(job("g", 0, 0));
        reads.record(job("h", 0, 0));
        reads.forget("g");
        assertThat(reads.size()).isEqualTo(1);

        reads.forgetOlderThan(Long.MAX_VALUE);
        assertThat(reads.size()).isEqualTo(1);
        Thread.sleep(2);
        reads.forgetOlderThan(1_000_000); // 1 ms
        assertThat(reads.size()).isZero();
    }
}
