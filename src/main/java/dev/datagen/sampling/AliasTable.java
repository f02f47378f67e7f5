package dev.datagen.sampling;

/**
 * Draws class k with probability w_k / sum(w) in O(1) time (Vose's alias method): one uniform column, one
 * biased coin. Built once per generator from its class weights.
 */
public final class AliasTable {

    private final double[] probability;
    private final int[] alias;

    /** @param weights non-negative, not all zero */
    public AliasTable(double[] weights) {
        int n = weights.length;
        double sum = 0;
        for (double w : weights) {
            if (!(w >= 0) || Double.isInfinite(w)) {
                throw new IllegalArgumentException("weights must be finite and non-negative");
            }
            sum += w;
        }
        if (!(sum > 0)) {
            throw new IllegalArgumentException("at least one weight must be positive");
        }
        probability = new double[n];
        alias = new int[n];
        double[] scaled = new double[n];
        int[] small = new int[n];
        int[] large = new int[n];
        int s = 0;
        int l = 0;
        for (int i = 0; i < n; i++) {
            scaled[i] = weights[i] * n / sum;
            if (scaled[i] < 1) {
                small[s++] = i;
            } else {
                large[l++] = i;
            }
        }
        while (s > 0 && l > 0) {
            int less = small[--s];
            int more = large[--l];
            probability[less] = scaled[less];
            alias[less] = more;
            scaled[more] = scaled[more] + scaled[less] - 1;
            if (scaled[more] < 1) {
                small[s++] = more;
            } else {
                large[l++] = more;
            }
        }
        while (l > 0) {
            probability[large[--l]] = 1;
        }
        while (s > 0) {
            probability[small[--s]] = 1; // rounding leftovers
        }
    }

    public int classes() {
        return probability.length;
    }

    /** A class drawn with the table's probabilities, from two draws of {@code rng}. */
    public int draw(SplitMix64 rng) {
        int column = rng.below(probability.length);
        return rng.nextDouble() < probability[column] ? column : alias[column];
    }
}
