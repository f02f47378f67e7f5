package dev.datagen.generator;

import java.util.Map;

import dev.datagen.dataset.Dataset;
import dev.datagen.problem.ProblemException;
import dev.datagen.problem.ProblemType;
import dev.datagen.problem.Quote;
import dev.datagen.sampling.BatchPlan;

/**
 * How an epoch of a generator deals its positions to shards and batches: by the generator's own
 * {@code numShards}, or, for an elastic resume, to another number of shards from a position on
 * ({@code ?numShards=K&from=p}). The epoch's order never depends on K, so a job that consumed positions
 * [0, p) with 8 workers resumes with 5 and sees every remaining sample of the epoch exactly once.
 */
final class EpochPlans {

    private EpochPlans() {
    }

    /**
     * The plan for {@code numShardsText} shards from position {@code fromText} (nulls: the generator's own).
     * A resume near the epoch's end may ask for more shards than positions are left, or from the end itself:
     * the shards without a position then have no batch, so every worker of a job can ask the same way.
     */
    static BatchPlan of(GeneratorSettings s, Dataset d, String numShardsText, String fromText, int maxShards) {
        int positions = s.positions(d.descriptor().split(s.split()).samples());
        long from = fromText == null ? 0 : parse("from", fromText, 0, positions);
        int shards = numShardsText == null ? s.numShards() : (int) parse("numShards", numShardsText, 1, maxShards);
        return new BatchPlan((int) (positions - from), s.batchSize(), s.dropLast(), shards, from);
    }

    /** A non-negative integer within [min, max], or a 400 naming the parameter. */
    static long parse(String name, String text, long min, long max) {
        try {
            long v = Long.parseLong(text.strip());
            if (v >= min && v <= max) {
                return v;
            }
        } catch (NumberFormatException e) {
            // falls through to the problem below
        }
        throw refused(name, "must be an integer from " + min + " to " + max + ", got " + Quote.of(text));
    }

    static ProblemException refused(String parameter, String reason) {
        return new ProblemException(ProblemType.INVALID_REQUEST, parameter + " " + reason + ".",
                Map.of("parameter", parameter));
    }
}
