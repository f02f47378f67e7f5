package dev.datagen.sampling;

/**
 * Which sample of a split fills each position of an epoch: a pure function of (seed, epoch, position), O(1)
 * per position, so any replica serves any batch and a trainer resumes anywhere.
 *
 * <p>Uniform sampling visits every sample of the split (or of one of its subsets) once per epoch, in the
 * epoch's permutation ({@link EpochOrder}; list order without shuffling). Sampling by class draws, at every
 * position, a class from the weights ({@link AliasTable}) and then one of its samples uniformly, with
 * replacement, both from {@code SplitMix64.of(SAMPLING_DOMAIN, seed, epoch, position)}.
 */
public final class Sampler {

    static final long SAMPLING_DOMAIN = 0x5341_4D50_4C49_4E47L;

    /** The sample at each position of one epoch. */
    @FunctionalInterface
    public interface Epoch {
        int sampleAt(long position);
    }

    private final int[] members;
    private final int size;
    private final long seed;
    private final boolean shuffle;
    private final ClassMembers classes;
    private final AliasTable alias;
    private final long epochSamples;

    private Sampler(int[] members, int size, long seed, boolean shuffle, ClassMembers classes, AliasTable alias,
            long epochSamples) {
        this.members = members;
        this.size = size;
        this.seed = seed;
        this.shuffle = shuffle;
        this.classes = classes;
        this.alias = alias;
        this.epochSamples = epochSamples;
    }

    /**
     * Every one of {@code members} (ascending split indices; null for the whole split of {@code n}) once per
     * epoch.
     */
    public static Sampler uniform(int n, int[] members, long seed, boolean shuffle) {
        return new Sampler(members, members == null ? n : members.length, seed, shuffle, null, null, 0);
    }

    /**
     * {@code epochSamples} draws per epoch: a class by {@code weights}, then a sample of it.
     *
     * @throws IllegalArgumentException when a class with a positive weight has no sample
     */
    public static Sampler byClass(ClassMembers classes, double[] weights, long epochSamples, long seed) {
        for (int k = 0; k < weights.length; k++) {
            if (weights[k] > 0 && classes.count(k) == 0) {
                throw new IllegalArgumentException("class " + k + " has a weight but no sample to draw");
            }
        }
        return new Sampler(null, 0, seed, true, classes, new AliasTable(weights), epochSamples);
    }

    /** Positions in an epoch. */
    public long positions() {
        return alias != null ? epochSamples : size;
    }

    public Epoch epoch(long epoch) {
        if (alias != null) {
            return position -> {
                SplitMix64 rng = SplitMix64.of(SAMPLING_DOMAIN, seed, epoch, position);
                int k = alias.draw(rng);
                return classes.member(k, rng.below(classes.count(k)));
            };
        }
        EpochOrder order = new EpochOrder(size, seed, epoch, shuffle);
        return members == null ? position -> (int) order.at(position) : position -> members[(int) order.at(position)];
    }
}
