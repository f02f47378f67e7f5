package dev.datagen.metrics;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The service's recent throughput, for the dashboard: batches, samples and bytes served per second over the
 * last five minutes, globally and per generator, and the decoded-sample cache's recent hits and misses.
 * Prometheus has the lifetime counters; this answers "what is happening now" without a Prometheus server.
 * Memory is bounded: one ring of {@value #HISTORY_SECONDS} seconds globally and one per generator active in
 * that time, at most {@value #MAX_GENERATORS} of them (the longest idle is dropped first). Thread-safe.
 */
public final class Throughput {

    /** How far back the rings reach. */
    public static final int HISTORY_SECONDS = 300;
    /** Width of one point of {@link Series}. */
    public static final int STEP_SECONDS = 5;
    static final int MAX_GENERATORS = 256;

    /** Per-second rates averaged over a window. */
    public record Rates(double batchesPerSecond, double samplesPerSecond, double bytesPerSecond) {
    }

    /** Exact counts. */
    public record Totals(long batches, long samples, long bytes) {
    }

    /**
     * @param last10s       rates over the last 10 complete seconds
     * @param last60s       rates over the last 60 complete seconds
     * @param lastFiveMinutes exact counts of the last {@value #HISTORY_SECONDS} seconds, the current one included
     */
    public record Stats(Rates last10s, Rates last60s, Totals lastFiveMinutes) {
    }

    public record GeneratorStats(String generatorId, String dataset, Stats stats) {
    }

    /**
     * Decoded-sample cache lookups of the last 60 seconds.
     *
     * @param hitRatio hits / (hits + misses); null when there was no lookup
     */
    public record CacheWindow(long hits, long misses, Double hitRatio) {
    }

    /**
     * Rates per {@value #STEP_SECONDS}-second step over the last {@value #HISTORY_SECONDS} complete seconds,
     * oldest first.
     *
     * @param startSecond the epoch second the first step starts at
     */
    public record Series(long startSecond, int stepSeconds, double[] batchesPerSecond, double[] samplesPerSecond,
            double[] bytesPerSecond) {
    }

    /** Everything the dashboard shows, read at one instant. */
    public record Snapshot(long epochSecond, Stats global, CacheWindow cache, Series series,
            List<GeneratorStats> generators) {
    }

    private static final class GeneratorRing {
        final String dataset;
        final ThroughputRing ring = new ThroughputRing(HISTORY_SECONDS + 1);
        long lastSecond;

        GeneratorRing(String dataset) {
            this.dataset = dataset;
        }
    }

    private final LongSupplier clockMillis;
    private final long startSecond;
    private final ThroughputRing global = new ThroughputRing(HISTORY_SECONDS + 1);
    private final Map<String, GeneratorRing> generators = new HashMap<>();

    /** @param clockMillis the time in epoch milliseconds ({@code System::currentTimeMillis} outside tests) */
    public Throughput(LongSupplier clockMillis) {
        this.clockMillis = clockMillis;
        this.startSecond = now();
    }

    /** Drops the per-generator figures of a deleted dataset's generators (the totals keep what they served). */
    public synchronized void forgetDataset(String dataset) {
        generators.values().removeIf(g -> g.dataset.equals(dataset));
    }

    /** A batch written to a trainer. */
    public synchronized void served(String dataset, String generatorId, int samples, long bytes) {
        long s = now();
        add(global, s, samples, bytes);
        GeneratorRing g = generators.get(generatorId);
        if (g == null) {
            if (generators.size() >= MAX_GENERATORS) {
                generators.values().stream().min(Comparator.comparingLong(r -> r.lastSecond))
                        .ifPresent(idle -> generators.values().remove(idle));
            }
            g = new GeneratorRing(dataset);
            generators.put(generatorId, g);
        }
        g.lastSecond = s;
        add(g.ring, s, samples, bytes);
    }

    public synchronized void cacheHit() {
        global.add(now(), ThroughputRing.CACHE_HITS, 1);
    }

    public synchronized void cacheMiss() {
        global.add(now(), ThroughputRing.CACHE_MISSES, 1);
    }

    public synchronized Snapshot snapshot() {
        long s = now();
        List<GeneratorStats> list = new ArrayList<>();
        for (Iterator<Map.Entry<String, GeneratorRing>> it = generators.entrySet().iterator(); it.hasNext();) {
            Map.Entry<String, GeneratorRing> e = it.next();
            if (s - e.getValue().lastSecond >= HISTORY_SECONDS) {
                it.remove(); // nothing of it is left in the window
            } else {
                list.add(new GeneratorStats(e.getKey(), e.getValue().dataset, stats(e.getValue().ring, s)));
            }
        }
        list.sort(Comparator.comparing(GeneratorStats::dataset).thenComparing(GeneratorStats::generatorId));
        long hits = global.sum(ThroughputRing.CACHE_HITS, s - 60, s + 1);
        long misses = global.sum(ThroughputRing.CACHE_MISSES, s - 60, s + 1);
        CacheWindow cache = new CacheWindow(hits, misses, hits + misses == 0 ? null : (double) hits / (hits + misses));
        return new Snapshot(s, stats(global, s), cache, series(s), List.copyOf(list));
    }

    private Stats stats(ThroughputRing ring, long s) {
        return new Stats(rates(ring, s, 10), rates(ring, s, 60),
                new Totals(ring.sum(ThroughputRing.BATCHES, s - HISTORY_SECONDS + 1, s + 1),
                        ring.sum(ThroughputRing.SAMPLES, s - HISTORY_SECONDS + 1, s + 1),
                        ring.sum(ThroughputRing.BYTES, s - HISTORY_SECONDS + 1, s + 1)));
    }

    /**
     * Averages over the {@code window} complete seconds before {@code s}; the current second is still
     * filling and would make the rate jump. Just after start, only the seconds the service has been up count.
     */
    private Rates rates(ThroughputRing ring, long s, int window) {
        long seconds = Math.min(window, s - startSecond);
        if (seconds <= 0) {
            return new Rates(0, 0, 0);
        }
        return new Rates((double) ring.sum(ThroughputRing.BATCHES, s - seconds, s) / seconds,
                (double) ring.sum(ThroughputRing.SAMPLES, s - seconds, s) / seconds,
                (double) ring.sum(ThroughputRing.BYTES, s - seconds, s) / seconds);
    }

    private Series series(long s) {
        int points = HISTORY_SECONDS / STEP_SECONDS;
        long start = s - (long) points * STEP_SECONDS;
        double[] batches = new double[points];
        double[] samples = new double[points];
        double[] bytes = new double[points];
        for (int p = 0; p < points; p++) {
            long from = start + (long) p * STEP_SECONDS;
            batches[p] = (double) global.sum(ThroughputRing.BATCHES, from, from + STEP_SECONDS) / STEP_SECONDS;
            samples[p] = (double) global.sum(ThroughputRing.SAMPLES, from, from + STEP_SECONDS) / STEP_SECONDS;
            bytes[p] = (double) global.sum(ThroughputRing.BYTES, from, from + STEP_SECONDS) / STEP_SECONDS;
        }
        return new Series(start, STEP_SECONDS, batches, samples, bytes);
    }

    private static void add(ThroughputRing ring, long s, int samples, long bytes) {
        ring.add(s, ThroughputRing.BATCHES, 1);
        ring.add(s, ThroughputRing.SAMPLES, samples);
        ring.add(s, ThroughputRing.BYTES, bytes);
    }

    private long now() {
        return Math.floorDiv(clockMillis.getAsLong(), 1000L);
    }
}
