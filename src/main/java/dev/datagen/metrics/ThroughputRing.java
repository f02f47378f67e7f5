package dev.datagen.metrics;

/**
 * Counts of served batches, samples and bytes (and decoded-sample cache hits and misses) per second, over
 * the last {@link #length()} seconds: a fixed ring indexed by epoch second, so memory does not grow with
 * time or traffic. A slot still stamped with an older second is stale and reads as zero. Not thread-safe:
 * {@link Throughput} guards it.
 */
final class ThroughputRing {

    static final int BATCHES = 0;
    static final int SAMPLES = 1;
    static final int BYTES = 2;
    static final int CACHE_HITS = 3;
    static final int CACHE_MISSES = 4;
    private static final int KINDS = 5;

    private final long[] stamp;
    private final long[][] counts;

    ThroughputRing(int seconds) {
        if (seconds < 1) {
            throw new IllegalArgumentException("a ring needs at least one second, got " + seconds);
        }
        stamp = new long[seconds];
        java.util.Arrays.fill(stamp, Long.MIN_VALUE);
        counts = new long[seconds][KINDS];
    }

    int length() {
        return stamp.length;
    }

    void add(long second, int kind, long amount) {
        int slot = slot(second);
        if (stamp[slot] != second) {
            stamp[slot] = second;
            java.util.Arrays.fill(counts[slot], 0);
        }
        counts[slot][kind] += amount;
    }

    /** The sum of one kind over the seconds {@code [from, to)}; seconds that fell out of the ring count zero. */
    long sum(int kind, long from, long to) {
        long total = 0;
        for (long s = Math.max(from, to - stamp.length); s < to; s++) {
            int slot = slot(s);
            if (stamp[slot] == s) {
                total += counts[slot][kind];
            }
        }
        return total;
    }

    private int slot(long second) {
        return (int) Math.floorMod(second, (long) stamp.length);
    }
}
