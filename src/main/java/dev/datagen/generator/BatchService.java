package dev.datagen.generator;

import org.springframework.stereotype.Service;

import dev.datagen.dataset.Dataset;
import dev.datagen.metrics.TrainingProgress;
import dev.datagen.payload.Batch;
import dev.datagen.problem.ProblemException;
import dev.datagen.sampling.BatchPlan;

/**
 * Serves batch i of epoch e of shard k: from prefetch or built now, holding its bytes in the serving
 * memory until it is written. {@code numShards} and {@code from} deal the epoch anew for an elastic resume.
 */
@Service
public class BatchService {

    /** Who reads a batch, as far as serving it goes. */
    public enum Reader {
        /** A person looking at it (the JSON view, a preview tile): no training progress is recorded. */
        VIEWER,
        /** A trainer, in a format chosen after (Spring MVC's content negotiation). */
        TRAINER,
        /** A trainer reading npz: the batches built ahead for it carry their npz checksums. */
        NPZ_TRAINER
    }

    private final GeneratorLookup lookup;
    private final GeneratorLimits limits;
    private final Prefetcher prefetcher;
    private final ServingMemory memory;
    private final TrainingProgress progress;

    BatchService(GeneratorLookup lookup, GeneratorLimits limits, Prefetcher prefetcher, ServingMemory memory,
            TrainingProgress progress) {
        this.progress = progress;
        this.lookup = lookup;
        this.limits = limits;
        this.prefetcher = prefetcher;
        this.memory = memory;
    }

    /**
     * @param shardText     null: shard 0 of a generator of one shard
     * @param numShardsText null: the generator's own number of shards
     * @param fromText      null: the epoch's first position
     */
    public Batch batch(String generatorId, String epochText, String indexText, String shardText, String numShardsText,
            String fromText) {
        return batch(generatorId, epochText, indexText, shardText, numShardsText, fromText, Reader.TRAINER);
    }

    /** @param reader who reads it: a trainer's progress is recorded */
    public Batch batch(String generatorId, String epochText, String indexText, String shardText, String numShardsText,
            String fromText, Reader reader) {
        long epoch = EpochPlans.parse("epoch", epochText, 0, Long.MAX_VALUE);
        long index = EpochPlans.parse("index", indexText, 0, Long.MAX_VALUE);
        GeneratorLookup.Found found = lookup.find(generatorId);
        Generator g = found.generator();
        GeneratorSettings s = g.settings();
        Dataset d = found.dataset();
        BatchPlan plan = EpochPlans.of(s, d, numShardsText, fromText, limits.maxShards());
        int shard;
        if (shardText == null) {
            if (plan.numShards() > 1) {
                throw EpochPlans.refused("shard", "is required: the epoch is dealt to " + plan.numShards()
                        + " shards; ask for one with ?shard=k");
            }
            shard = 0;
        } else {
            long k = EpochPlans.parse("shard", shardText, 0, Long.MAX_VALUE);
            if (k >= plan.numShards()) {
                if (numShardsText != null) {
                    throw EpochPlans.refused("shard", "must be from 0 to " + (plan.numShards() - 1) + " of numShards "
                            + plan.numShards() + ", got " + k);
                }
                throw ProblemException.notFound("The generator has shards 0 to " + (plan.numShards() - 1)
                        + "; there is no shard " + k + ".");
            }
            shard = (int) k;
        }
        long batches = plan.batches(shard);
        if (index >= batches && batches == 0) {
            throw ProblemException.notFound("Shard " + shard + " has no batch left in this dealing (" + plan.samples()
                    + " positions from " + plan.from() + " to " + plan.numShards() + " shards).");
        }
        if (index >= batches) {
            throw ProblemException.notFound("An epoch of " + (plan.numShards() > 1 ? "shard " + shard + " of " : "")
                    + "this generator has batches 0 to " + (batches - 1) + "; there is no batch " + index + ".");
        }
        // reserved for the batch's whole life: built, then written to a trainer that may read slowly
        Runnable release = memory.reserve(plan.batchLength(shard, index) * new BatchLayout(d.descriptor(), s).bytesPerSample());
        try {
            Batch batch = prefetcher.serve(new BatchJob(g, d, plan, epoch, shard, index), reader == Reader.NPZ_TRAINER)
                    .releasing(release);
            if (reader != Reader.VIEWER) {
                progress.served(g.id(), d.name(), shard, epoch, index, batches, batch.size());
            }
            return batch;
        } catch (RuntimeException e) {
            release.run();
            throw e;
        }
    }
}
