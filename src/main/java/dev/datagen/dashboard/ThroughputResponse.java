package dev.datagen.dashboard;

import java.util.List;

import dev.datagen.metrics.DatagenMetrics;
import dev.datagen.metrics.Throughput;

/**
 * What the dashboard polls: the last minutes' throughput, globally and per generator, and the
 * decoded-sample cache's hit ratio over the last minute and since start.
 *
 * @param cacheHitRatio lifetime hits / (hits + misses); null before the first lookup
 */
record ThroughputResponse(long epochSecond, Throughput.Stats global, Throughput.CacheWindow cacheLastMinute,
        Double cacheHitRatio, Throughput.Series series, List<Throughput.GeneratorStats> generators) {

    /** @param dataset only this dataset's generators; null for all */
    static ThroughputResponse of(DatagenMetrics metrics, String dataset) {
        Throughput.Snapshot s = metrics.throughput().snapshot();
        List<Throughput.GeneratorStats> generators = dataset == null ? s.generators()
                : s.generators().stream().filter(g -> g.dataset().equals(dataset)).toList();
        return new ThroughputResponse(s.epochSecond(), s.global(), s.cache(), metrics.cacheHitRatio(), s.series(),
                generators);
    }

    /** Megabytes (10^6 bytes) per second over the last 10 seconds, for the server-rendered first view. */
    public double megabytesPerSecond() {
        return global.last10s().bytesPerSecond() / 1e6;
    }
}
