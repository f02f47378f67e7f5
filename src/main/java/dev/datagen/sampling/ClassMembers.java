package dev.datagen.sampling;

import java.util.Arrays;

/**
 * The samples of each class, in index order: what balanced and weighted sampling draw from, and what a
 * stratified validation split divides class by class. Four bytes a sample, whatever the number of classes.
 */
public final class ClassMembers {

    /** Samples sorted by class, then index; class k's are {@code members[start[k]] .. members[start[k+1]-1]}. */
    private final int[] members;
    private final int[] start;

    private ClassMembers(int[] members, int[] start) {
        this.members = members;
        this.start = start;
    }

    /**
     * @param samples the samples to group (split indices, ascending)
     * @param classOf the class of split index i, or -1 for none; indexed by split index
     * @param classes how many classes there are
     */
    public static ClassMembers of(int[] samples, int[] classOf, int classes) {
        int[] count = new int[classes + 1];
        for (int s : samples) {
            if (classOf[s] >= 0) {
                count[classOf[s] + 1]++;
            }
        }
        for (int k = 0; k < classes; k++) {
            count[k + 1] += count[k];
        }
        int[] start = Arrays.copyOf(count, classes + 1);
        int[] members = new int[count[classes]];
        int[] next = Arrays.copyOf(count, classes);
        for (int s : samples) {
            int k = classOf[s];
            if (k >= 0) {
                members[next[k]++] = s;
            }
        }
        return new ClassMembers(members, start);
    }

    public int classes() {
        return start.length - 1;
    }

    public int count(int k) {
        return start[k + 1] - start[k];
    }

    /** The {@code rank}-th sample of class {@code k}, in index order. */
    public int member(int k, int rank) {
        return members[start[k] + rank];
    }

    /** Samples per class. */
    public long[] counts() {
        long[] counts = new long[classes()];
        for (int k = 0; k < counts.length; k++) {
            counts[k] = count(k);
        }
        return counts;
    }

    public long bytes() {
        return 4L * (members.length + start.length);
    }
}
