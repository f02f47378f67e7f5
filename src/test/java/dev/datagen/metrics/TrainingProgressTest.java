package dev.datagen.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import dev.datagen.metrics.TrainingProgress.GeneratorProgress;

class TrainingProgressTest {

    final AtomicLong now = new AtomicLong(60_000L * 16_666_667); // the start of a minute
    final TrainingProgress progress = new TrainingProgress(now::get);

    @Test
    void eachShardKeepsItsLastBatchAndTheRateOfTheLastMinute() {
        for (int b = 0; b < 30; b++) {
            progress.served("g", "mnist", 0, 2, b, 100, 64);
            now.addAndGet(1000);
        }
        progress.served("g", "mnist", 3, 2, 7, 99, 64);
        GeneratorProgress p = progress.of("g", "mnist");
        assertThat(p.active()).isTrue();
        assertThat(p.shards()).hasSize(2);
        assertThat(p.shards().get(0).batch()).isEqualTo(29);
        assertThat(p.shards().get(0).batches()).isEqualTo(100);
        // 30 batches of 64 within the last minute: 32 samples a second
        assertThat(p.shards().get(0).samplesPerSecond()).isCloseTo(32.0, within(1e-9));
        assertThat(p.shards().get(1).shard()).isEqualTo(3);
        assertThat(p.lastServedAt().toEpochMilli()).isEqualTo(now.get());
        // half a minute later the previous minute counts by half; two minutes later, nothing
        now.addAndGet(60_000);
        assertThat(progress.of("g", "mnist").shards().get(0).samplesPerSecond()).isCloseTo(16.0, within(1e-9));
        assertThat(progress.of("g", "mnist").active()).isFalse();
        now.addAndGet(60_000);
        assertThat(progress.of("g", "mnist").shards().get(0).samplesPerSecond()).isZero();
    }

    @Test
    void recentListsTheMostRecentlyServedFirstAndForgetsDeletedOnes() {
        progress.served("old", "a", 0, 0, 0, 10, 1);
        now.addAndGet(5_000);
        progress.served("new", "b", 0, 0, 0, 10, 1);
        assertThat(progress.recent(Duration.ofHours(1))).extracting(GeneratorProgress::generator).containsExactly("new", "old");
        assertThat(progress.recent(Duration.ofSeconds(2))).extracting(GeneratorProgress::generator).containsExactly("new");
        progress.forget("new");
        assertThat(progress.recent(Duration.ofHours(1))).extracting(GeneratorProgress::generator).containsExactly("old");
        assertThat(progress.of("never", "c").shards()).isEmpty();
        assertThat(progress.of("never", "c").lastServedAt()).isNull();
    }
}
