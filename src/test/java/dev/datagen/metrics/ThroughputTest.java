package dev.datagen.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import dev.datagen.metrics.Throughput.Snapshot;

class ThroughputTest {

    private final AtomicLong millis = new AtomicLong(1_000_000L);
    private final Throughput throughput = new Throughput(millis::get);

    private void at(double second) {
        millis.set((long) (1_000_000L + second * 1000));
    }

    @Test
    void ratesAverageTheCompleteSecondsOfTheWindowAndLeaveOutTheCurrentOne() {
        at(5.2);
        throughput.served("mnist", "g1", 32, 1000);
        throughput.served("mnist", "g1", 32, 1000);
        at(8.9);
        throughput.served("mnist", "g1", 16, 500);
        at(10.5);
        throughput.served("mnist", "g1", 64, 4000); // second 10 is still filling: not in the rates yet

        Snapshot s = throughput.snapshot();
        assertThat(s.global().last10s().batchesPerSecond()).isCloseTo(0.3, within(1e-9));
        assertThat(s.global().last10s().samplesPerSecond()).isCloseTo(8.0, within(1e-9));
        assertThat(s.global().last10s().bytesPerSecond()).isCloseTo(250.0, within(1e-9));
        // up for 10 seconds only: the 60-second window divides by the 10 seconds that exist
        assertThat(s.global().last60s().samplesPerSecond()).isCloseTo(8.0, within(1e-9));
        assertThat(s.global().lastFiveMinutes()).isEqualTo(new Throughput.Totals(4, 144, 6500));
    }

    @Test
    void theSixtySecondWindowDividesBySixtyOnceTheServiceHasBeenUpThatLong() {
        at(100);
        throughput.served("mnist", "g1", 600, 6000);
        at(101);
        Snapshot s = throughput.snapshot();
        assertThat(s.global().last60s().samplesPerSecond()).isCloseTo(10.0, within(1e-9));
        assertThat(s.global().last10s().samplesPerSecond()).isCloseTo(60.0, within(1e-9));
    }

    @Test
    void generatorsAreCountedApartWithTheirDataset() {
        at(1);
        throughput.served("mnist", "g1", 10, 100);
        throughput.served("pairs", "g2", 7, 70);
        throughput.served("pairs", "g2", 7, 70);
        at(2);
        Snapshot s = throughput.snapshot();
        assertThat(s.generators()).extracting(Throughput.GeneratorStats::generatorId).containsExactly("g1", "g2");
        assertThat(s.generators().get(0).dataset()).isEqualTo("mnist");
        assertThat(s.generators().get(0).stats().lastFiveMinutes()).isEqualTo(new Throughput.Totals(1, 10, 100));
        assertThat(s.generators().get(1).stats().lastFiveMinutes()).isEqualTo(new Throughput.Totals(2, 14, 140));
        assertThat(s.global().lastFiveMinutes()).isEqualTo(new Throughput.Totals(3, 24, 240));
    }

    @Test
    void countsOlderThanFiveMinutesAreForgottenAndIdleGeneratorsDropped() {
        at(1);
        throughput.served("mnist", "g1", 10, 100);
        at(1 + Throughput.HISTORY_SECONDS - 1);
        assertThat(throughput.snapshot().global().lastFiveMinutes().samples()).isEqualTo(10);
        assertThat(throughput.snapshot().generators()).hasSize(1);
        at(1 + Throughput.HISTORY_SECONDS);
        Snapshot s = throughput.snapshot();
        assertThat(s.global().lastFiveMinutes()).isEqualTo(new Throughput.Totals(0, 0, 0));
        assertThat(s.generators()).isEmpty();
        // the slot is reused for a new second without the old counts leaking in
        throughput.served("mnist", "g1", 3, 30);
        assertThat(throughput.snapshot().global().lastFiveMinutes()).isEqualTo(new Throughput.Totals(1, 3, 30));
    }

    @Test
    void theLongestIdleGeneratorIsDroppedWhenTooManyAreTracked() {
        for (int i = 0; i <= Throughput.MAX_GENERATORS; i++) {
            at(i);
            throughput.served("d", String.format("g%04d", i), 1, 1);
        }
        Snapshot s = throughput.snapshot();
        assertThat(s.generators()).hasSize(Throughput.MAX_GENERATORS);
        assertThat(s.generators()).extracting(Throughput.GeneratorStats::generatorId).doesNotContain("g0000")
                .contains("g0001", String.format("g%04d", Throughput.MAX_GENERATORS));
        // the global ring still has every batch
        assertThat(s.global().lastFiveMinutes().batches()).isEqualTo(Throughput.MAX_GENERATORS + 1);
    }

    @Test
    void cacheHitRatioCoversTheLastMinute() {
        at(1);
        assertThat(throughput.snapshot().cache().hitRatio()).isNull();
        throughput.cacheMiss();
        at(30);
        throughput.cacheHit();
        throughput.cacheHit();
        throughput.cacheHit();
        assertThat(throughput.snapshot().cache()).isEqualTo(new Throughput.CacheWindow(3, 1, 0.75));
        at(62);
        assertThat(throughput.snapshot().cache()).isEqualTo(new Throughput.CacheWindow(3, 0, 1.0));
    }

    @Test
    void theSeriesHasOnePointPerStepOverFiveMinutesOldestFirst() {
        at(402);
        throughput.served("d", "g", 50, 500);
        at(406.9);
        throughput.served("d", "g", 25, 250);
        at(412);
        Throughput.Series series = throughput.snapshot().series();
        int points = Throughput.HISTORY_SECONDS / Throughput.STEP_SECONDS;
        assertThat(series.samplesPerSecond()).hasSize(points);
        assertThat(series.startSecond()).isEqualTo(1_000L + 412 - Throughput.HISTORY_SECONDS);
        // the last step holds seconds 407..411, the one before 402..406 (both batches)
        assertThat(series.samplesPerSecond()[points - 2]).isCloseTo(15.0, within(1e-9));
        assertThat(series.batchesPerSecond()[points - 2]).isCloseTo(0.4, within(1e-9));
        assertThat(series.bytesPerSecond()[points - 2]).isCloseTo(150.0, within(1e-9));
        assertThat(series.samplesPerSecond()[points - 3]).isZero();
        assertThat(series.samplesPerSecond()[points - 1]).isZero();
    }
}
