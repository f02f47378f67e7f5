package dev.datagen.sampling;

import java.util.random.RandomGenerator;

/**
 * SplitMix64 (Steele, Lea and Flood, 2014): a tiny generator whose output is fully specified, so every
 * replica, JVM and client computes the same numbers from the same seed.
 */
public final class SplitMix64 implements RandomGenerator {

    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private long state;

    public SplitMix64(long seed) {
        this.state = seed;
    }

    /** A generator seeded by hashing the parts in order, e.g. (domain, seed, epoch, sample). */
    public static SplitMix64 of(long... parts) {
        long h = GOLDEN;
        for (long p : parts) {
            h = mix(h ^ p) + GOLDEN;
        }
        return new SplitMix64(h);
    }

    /** The SplitMix64 finaliser: a bijective avalanche of 64 bits. */
    public static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    @Override
    public long nextLong() {
        state += GOLDEN;
        return mix(state);
    }

    /**
     * A uniform integer in [0, bound): the top 32 bits scaled by the bound (a bias below bound / 2^32),
     * written out here rather than left to {@link RandomGenerator#nextInt(int)}, whose algorithm a JDK may change.
     */
    public int below(int bound) {
        return (int) (((nextLong() >>> 32) * bound) >>> 32);
    }

    /** 53 random bits scaled to [0, 1). */
    @Override
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }
}
