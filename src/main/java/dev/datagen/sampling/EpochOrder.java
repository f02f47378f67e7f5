package dev.datagen.sampling;

/**
 * The order in which an epoch visits a split: a permutation of [0, n) that depends only on (seed, epoch).
 *
 * <p>Shuffled epochs use a keyed Feistel network with cycle walking: position p maps to
 * {@code E(p)}, re-applying {@code E} while the result is {@code >= n}. {@code E} is six Feistel rounds on
 * {@code 2b} bits (the smallest even width with {@code 2^2b >= n}), round {@code r} computing
 * {@code F_r(x) = mix(k_r ^ x) & (2^b - 1)}, with round keys {@code k_0..k_5} the first outputs of
 * {@code SplitMix64.of(SHUFFLE, seed, epoch)}. Any position is computed in O(1) time and memory, so a
 * replica serves batch i of epoch e without building the whole permutation, whatever the split's size.
 */
public final class EpochOrder {

    static final long SHUFFLE_DOMAIN = 0x5348_5546_464C_4531L;
    private static final int ROUNDS = 6;

    private final long n;
    private final boolean shuffle;
    private final int half;
    private final long mask;
    private final long[] keys = new long[ROUNDS];

    public EpochOrder(long n, long seed, long epoch, boolean shuffle) {
        if (n < 1) {
            throw new IllegalArgumentException("an epoch needs at least one sample");
        }
        this.n = n;
        this.shuffle = shuffle;
        int bits = Math.max(2, 64 - Long.numberOfLeadingZeros(n - 1));
        bits += bits & 1;
        this.half = bits / 2;
        this.mask = (1L << half) - 1;
        SplitMix64 rng = SplitMix64.of(SHUFFLE_DOMAIN, seed, epoch);
        for (int r = 0; r < ROUNDS; r++) {
            keys[r] = rng.nextLong();
        }
    }

    /** The sample index at {@code position} of the epoch. */
    public long at(long position) {
        if (position < 0 || position >= n) {
            throw new IndexOutOfBoundsException("position " + position + " of " + n);
        }
        if (!shuffle) {
            return position;
        }
        long x = encrypt(position);
        while (x >= n) {
            x = encrypt(x);
        }
        return x;
    }

    private long encrypt(long x) {
        long left = x >>> half;
        long right = x & mask;
        for (int r = 0; r < ROUNDS; r++) {
            long next = left ^ (SplitMix64.mix(keys[r] ^ right) & mask);
            left = right;
            right = next;
        }
        return (left << half) | right;
    }
}
