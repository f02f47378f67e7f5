package dev.datagen.sampling;

import java.util.Arrays;

/**
 * Keras' {@code validation_split} done right: a split divided into a validation and a training subset that
 * depend only on the split (its size, and for a stratified division its classes), the fraction, a split
 * seed and whether to stratify, never on a generator's shuffle seed; so a training and a validation
 * generator created apart, on any replica, after any restart, agree and never share a sample.
 *
 * <p>Without stratification the validation subset is the first round(n·f) positions of a Feistel
 * permutation keyed by the split seed. With it, class k gives floor(f·n_k) or one more, the extra ones going
 * to the classes with the largest remainders (ties to the lower class) so the total is round(n·f) exactly;
 * within a class, its first members in a permutation keyed by (split seed, k) are taken (every sample of a
 * categorical output has a class).
 */
public final class Subset {

    static final long SPLIT_DOMAIN = 0x5350_4C49_5453_4554L;

    private Subset() {
    }

    /** Samples in the validation subset: round(n·f). */
    public static int validationSize(int n, double fraction) {
        return (int) Math.round(n * fraction);
    }

    /**
     * The members of one subset, ascending.
     *
     * @param classOf the class of each sample (stratified only; null otherwise)
     */
    public static int[] members(int n, double fraction, long splitSeed, int[] classOf, int classes, boolean validation) {
        boolean[] inValidation = new boolean[n];
        if (classOf == null) {
            pick(identity(n), validationSize(n, fraction), splitSeed, 0, inValidation);
        } else {
            int[] all = identity(n);
            ClassMembers byClass = ClassMembers.of(all, classOf, classes);
            int[] take = stratifiedCounts(byClass, fraction, validationSize(n, fraction));
            for (int k = 0; k < classes; k++) {
                int[] members = new int[byClass.count(k)];
                for (int r = 0; r < members.length; r++) {
                    members[r] = byClass.member(k, r);
                }
                pick(members, take[k], splitSeed, k + 1L, inValidation);
            }
        }
        int size = 0;
        for (boolean v : inValidation) {
            size += v == validation ? 1 : 0;
        }
        int[] members = new int[size];
        int at = 0;
        for (int i = 0; i < n; i++) {
            if (inValidation[i] == validation) {
                members[at++] = i;
            }
        }
        return members;
    }

    /** How many of each class go to validation: floor(f·n_k), plus one for the largest remainders. */
    static int[] stratifiedCounts(ClassMembers byClass, double fraction, int total) {
        int classes = byClass.classes();
        int[] take = new int[classes];
        double[] remainder = new double[classes];
        int given = 0;
        for (int k = 0; k < classes; k++) {
            double exact = fraction * byClass.count(k);
            take[k] = (int) Math.floor(exact);
            remainder[k] = exact - take[k];
            given += take[k];
        }
        Integer[] order = new Integer[classes];
        for (int k = 0; k < classes; k++) {
            order[k] = k;
        }
        Arrays.sort(order, (a, b) -> remainder[a] != remainder[b] ? Double.compare(remainder[b], remainder[a]) : a - b);
        for (int i = 0; given < total && i < classes; i++) {
            int k = order[i];
            if (take[k] < byClass.count(k)) {
                take[k]++;
                given++;
            }
        }
        return take;
    }

    /** Marks {@code count} of {@code candidates}: the first in a permutation keyed by (seed, stream). */
    private static void pick(int[] candidates, int count, long seed, long stream, boolean[] marks) {
        if (count == 0 || candidates.length == 0) {
            return;
        }
        EpochOrder order = new EpochOrder(candidates.length, SplitMix64.mix(SPLIT_DOMAIN ^ seed), stream, true);
        for (int q = 0; q < count; q++) {
            marks[candidates[(int) order.at(q)]] = true;
        }
    }

    private static int[] identity(int n) {
        int[] all = new int[n];
        for (int i = 0; i < n; i++) {
            all[i] = i;
        }
        return all;
    }
}
