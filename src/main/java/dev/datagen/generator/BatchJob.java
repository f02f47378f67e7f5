package dev.datagen.generator;

import dev.datagen.dataset.Dataset;
import dev.datagen.sampling.BatchPlan;

/** One batch to assemble: a generator over a dataset at (epoch, shard, index). */
record BatchJob(Generator generator, Dataset dataset, BatchPlan plan, long epoch, int shard, long index) {

    /** Which batch this is: the same (shard, index) is another batch when the epoch is dealt otherwise. */
    BatchKey key() {
        return new BatchKey(generator.id(), epoch, plan.numShards(), plan.from(), shard, index);
    }

    /** The batch {@code steps} after this one for a trainer reading in order, rolling into the next epoch. */
    BatchJob advance(int steps) {
        long e = epoch;
        long i = index + steps;
        long batches = plan.batches(shard);
        while (i >= batches && e < Long.MAX_VALUE) {
            i -= batches;
            e++;
        }
        return i >= batches ? null : new BatchJob(generator, dataset, plan, e, shard, i);
    }

    record BatchKey(String generatorId, long epoch, int numShards, long from, int shard, long index) {
    }
}
