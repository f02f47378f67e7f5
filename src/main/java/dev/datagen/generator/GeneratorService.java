package dev.datagen.generator;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;

import dev.datagen.dataset.Dataset;
import dev.datagen.dataset.DatasetDescriptor;
import dev.datagen.dataset.DatasetRepository;
import dev.datagen.payload.Batch;
import dev.datagen.payload.DType;
import dev.datagen.problem.ProblemException;
import dev.datagen.problem.ProblemType;
import dev.datagen.problem.Quote;

/** Creates, describes and deletes generators, and serves their batches. */
@Service
public class GeneratorService {

    private final GeneratorRepository generators;
    private final DatasetRepository datasets;
    private final GeneratorLimits limits;
    private final Prefetcher prefetcher;
    private final ServingMemory memory;

    GeneratorService(GeneratorRepository generators, DatasetRepository datasets, GeneratorLimits limits,
            Prefetcher prefetcher, ServingMemory memory) {
        this.generators = generators;
        this.datasets = datasets;
        this.limits = limits;
        this.prefetcher = prefetcher;
        this.memory = memory;
    }

    public Generator create(String datasetName, GeneratorRequest request) {
        Dataset d = dataset(datasetName);
        if (request == null || request.split() == null) {
            throw invalid("split is required, e.g. {\"split\": \"train\"}", "split");
        }
        GeneratorSettings s = request.resolve();
        DatasetDescriptor.SplitInfo split = d.descriptor().split(s.split());
        if (split == null) {
            throw invalid("dataset '" + d.name() + "' has no split " + Quote.of(s.split()) + "; it has "
                    + d.descriptor().splits().keySet(), "split");
        }
        if (s.batchSize() < 1 || s.batchSize() > limits.maxBatchSize()) {
            throw invalid("batchSize must be from 1 to " + limits.maxBatchSize() + " (datagen.limits.max-batch-size), got "
                    + s.batchSize(), "batchSize");
        }
        if (s.numShards() < 1 || s.numShards() > Math.min(limits.maxShards(), split.samples())) {
            throw invalid("numShards must be from 1 to " + Math.min(limits.maxShards(), split.samples())
                    + " (no more shards than samples), got " + s.numShards(), "numShards");
        }
        if (s.rescale() != null && (!Double.isFinite(s.rescale()) || s.dtype() == DType.UINT8)) {
            throw invalid(s.dtype() == DType.UINT8 ? "rescale needs dtype float32; uint8 carries the raw pixel values"
                    : "rescale must be a finite number", "rescale");
        }
        BatchPlan plan = plan(s, split.samples());
        for (int shard = 0; shard < s.numShards(); shard++) {
            if (plan.batches(shard) == 0) {
                throw invalid("with dropLast, shard " + shard + " (" + plan.shardSize(shard)
                        + " samples) has no full batch of " + s.batchSize(), "batchSize");
            }
        }
        long bytes = s.batchSize() * new BatchLayout(d.descriptor(), s).bytesPerSample();
        if (bytes > limits.maxBatchBytes().toBytes()) {
            throw invalid("a batch of " + s.batchSize() + " would take " + bytes + " bytes, more than "
                    + "datagen.limits.max-batch-bytes (" + limits.maxBatchBytes().toBytes() + ")", "batchSize");
        }
        // microseconds: what every registry database keeps, so a replica reads back the same instant
        Generator g = new Generator(UUID.randomUUID().toString(), d.id(), d.name(), s,
                Instant.now().truncatedTo(ChronoUnit.MICROS));
        try {
            generators.insert(g);
        } catch (DataIntegrityViolationException e) {
            // the dataset was deleted between the lookup above and this insert (by another request or replica)
            throw ProblemException.notFound("No dataset is named " + Quote.of(datasetName) + ": it was deleted "
                    + "while the generator was being created.");
        }
        return g;
    }

    public Generator find(String id) {
        return generators.find(id)
                .orElseThrow(() -> ProblemException.notFound("No generator has the id " + Quote.of(id) + "."));
    }

    /** One page of a dataset's generators, and how many it has. */
    public Page<Generator> findByDataset(String datasetName, long offset, int limit) {
        long id = dataset(datasetName).id();
        return new Page<>(generators.findByDataset(id, offset, limit), generators.countByDataset(id));
    }

    /** One page of every generator, and how many there are. */
    public Page<Generator> findAll(long offset, int limit) {
        return new Page<>(generators.findAll(offset, limit), generators.count());
    }

    public long count() {
        return generators.count();
    }

    /** The newest generators first, at most {@code limit}. */
    public List<Generator> findNewest(int limit) {
        return generators.findNewest(limit);
    }

    /** Some items of a list and the list's length. */
    public record Page<T>(List<T> items, long total) {
    }

    public void delete(String id) {
        if (!generators.delete(find(id).id())) {
            throw ProblemException.notFound("No generator has the id " + Quote.of(id) + ".");
        }
        prefetcher.forget(id);
    }

    public GeneratorResponse describe(Generator g) {
        return describeIfPresent(g).orElseThrow(() -> ProblemException.notFound("The generator's dataset is gone."));
    }

    /** The description, or empty when the generator's dataset was deleted meanwhile. */
    public Optional<GeneratorResponse> describeIfPresent(Generator g) {
        return datasets.findById(g.datasetId()).map(d -> describe(g, d));
    }

    private GeneratorResponse describe(Generator g, Dataset d) {
        GeneratorSettings s = g.settings();
        BatchPlan plan = plan(s, d.descriptor().split(s.split()).samples());
        BatchLayout layout = new BatchLayout(d.descriptor(), s);
        List<GeneratorResponse.Shard> shards = new ArrayList<>();
        for (int k = 0; k < s.numShards(); k++) {
            shards.add(new GeneratorResponse.Shard(k, plan.shardSize(k), plan.batches(k)));
        }
        List<GeneratorResponse.ArraySpec> arrays = layout.arrays().stream()
                .map(a -> new GeneratorResponse.ArraySpec(a.name(), a.role().name().toLowerCase(), a.shape(s.batchSize()),
                        a.dtype()))
                .toList();
        long batches = plan.batches(0);
        String self = "/api/generators/" + g.id();
        return new GeneratorResponse(g.id(), d.name(), s, plan.samples(), batches,
                plan.batchLength(0, batches - 1), shards, arrays, s.batchSize() * layout.bytesPerSample(),
                g.createdAt(), Map.of("self", self, "firstBatch", self + "/epochs/0/batches/0"
                        + (s.numShards() > 1 ? "?shard=0" : ""), "dataset", "/api/datasets/" + d.name()));
    }

    /** Batch {@code index} of {@code epoch} (and {@code shard}), from prefetch or built now. */
    public Batch batch(String generatorId, String epochText, String indexText, String shardText) {
        long epoch = parse("epoch", epochText);
        long index = parse("index", indexText);
        Generator g = find(generatorId);
        GeneratorSettings s = g.settings();
        int shard;
        if (shardText == null) {
            if (s.numShards() > 1) {
                throw invalid("this generator has " + s.numShards() + " shards; ask for one with ?shard=k", "shard");
            }
            shard = 0;
        } else {
            long k = parse("shard", shardText);
            if (k >= s.numShards()) {
                throw ProblemException.notFound("The generator has shards 0 to " + (s.numShards() - 1)
                        + "; there is no shard " + k + ".");
            }
            shard = (int) k;
        }
        Dataset d = datasets.findById(g.datasetId())
                .orElseThrow(() -> ProblemException.notFound("The generator's dataset is gone."));
        BatchPlan plan = plan(s, d.descriptor().split(s.split()).samples());
        long batches = plan.batches(shard);
        if (index >= batches) {
            throw ProblemException.notFound("An epoch of " + (s.numShards() > 1 ? "shard " + shard + " of " : "")
                    + "this generator has batches 0 to " + (batches - 1) + "; there is no batch " + index + ".");
        }
        // reserved for the batch's whole life: built, then written to a trainer that may read slowly
        Runnable release = memory.reserve(plan.batchLength(shard, index) * new BatchLayout(d.descriptor(), s).bytesPerSample());
        try {
            return prefetcher.serve(new BatchJob(g, d, plan, epoch, shard, index)).releasing(release);
        } catch (RuntimeException e) {
            release.run();
            throw e;
        }
    }

    private static BatchPlan plan(GeneratorSettings s, int samples) {
        return new BatchPlan(samples, s.batchSize(), s.dropLast(), s.numShards());
    }

    private Dataset dataset(String name) {
        return datasets.findByName(name).orElseThrow(() -> ProblemException.notFound("No dataset is named "
                + Quote.of(name) + "."));
    }

    private static long parse(String what, String text) {
        try {
            long v = Long.parseLong(text);
            if (v >= 0) {
                return v;
            }
        } catch (NumberFormatException e) {
            // falls through to the problem below
        }
        throw new ProblemException(ProblemType.INVALID_REQUEST, what + " must be an integer from 0 to "
                + Long.MAX_VALUE + ", got " + Quote.of(text) + ".", Map.of("parameter", what));
    }

    private static ProblemException invalid(String reason, String field) {
        return new ProblemException(ProblemType.INVALID_GENERATOR, reason + ".", Map.of("field", field));
    }

}
