package dev.datagen.generator;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.context.event.EventListener;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;

import dev.datagen.dataset.Dataset;
import dev.datagen.dataset.DatasetDeleted;
import dev.datagen.dataset.DatasetRepository;
import dev.datagen.metrics.TrainingProgress;
import dev.datagen.problem.ProblemException;
import dev.datagen.problem.Quote;
import dev.datagen.sampling.BatchPlan;

/** Creates, describes and deletes generators, and serves their batches. */
@Service
public class GeneratorService {

    private final GeneratorRepository generators;
    private final DatasetRepository datasets;
    private final GeneratorLimits limits;
    private final Prefetcher prefetcher;
    private final Samplers samplers;
    private final TrainingProgress progress;

    GeneratorService(GeneratorRepository generators, DatasetRepository datasets, GeneratorLimits limits,
            Prefetcher prefetcher, Samplers samplers, TrainingProgress progress) {
        this.progress = progress;
        this.generators = generators;
        this.datasets = datasets;
        this.limits = limits;
        this.prefetcher = prefetcher;
        this.samplers = samplers;
    }

    public Generator create(String datasetName, GeneratorRequest request) {
        Dataset d = dataset(datasetName);
        if (request == null || request.split() == null) {
            throw GeneratorChecks.invalid("split is required, e.g. {\"split\": \"train\"}", "split");
        }
        GeneratorSettings s = request.resolve();
        GeneratorChecks.check(s, d, limits);
        // microseconds: what every registry database keeps, so a replica reads back the same instant
        Generator g = new Generator(UUID.randomUUID().toString(), d.id(), d.name(), s,
                Instant.now().truncatedTo(ChronoUnit.MICROS));
        samplers.of(g, d); // a subset or sampling by class that cannot be drawn is refused now, not at the first batch
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
        return generators.find(id).orElseThrow(() -> notFound(id));
    }

    static ProblemException notFound(String id) {
        return ProblemException.notFound("No generator has the id " + Quote.of(id) + ".");
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
        samplers.forget(id);
        progress.forget(id);
    }

    /** A deleted dataset's generators serve no trainer any more: out of the Trainers panel and /api/trainers. */
    @EventListener
    void onDatasetDeleted(DatasetDeleted event) {
        progress.forgetDataset(event.name());
    }

    public GeneratorResponse describe(Generator g) {
        return describeIfPresent(g).orElseThrow(() -> ProblemException.notFound("The generator's dataset is gone."));
    }

    /** The description, or empty when the generator's dataset was deleted meanwhile. */
    public Optional<GeneratorResponse> describeIfPresent(Generator g) {
        return datasets.findById(g.datasetId()).map(d -> describe(g, d, null, null));
    }

    /** The description for {@code numShards} shards from position {@code from} (nulls: the generator's own). */
    public GeneratorResponse describe(Generator g, String numShards, String from) {
        Dataset d = datasets.findById(g.datasetId())
                .orElseThrow(() -> ProblemException.notFound("The generator's dataset is gone."));
        return describe(g, d, numShards, from);
    }

    private GeneratorResponse describe(Generator g, Dataset d, String numShardsText, String fromText) {
        GeneratorSettings s = g.settings();
        BatchPlan plan = EpochPlans.of(s, d, numShardsText, fromText, limits.maxShards());
        BatchLayout layout = new BatchLayout(d.descriptor(), s);
        List<GeneratorResponse.Shard> shards = new ArrayList<>();
        List<Integer> fewer = new ArrayList<>();
        for (int k = 0; k < plan.numShards(); k++) {
            shards.add(new GeneratorResponse.Shard(k, plan.shardSize(k), plan.batches(k)));
            if (plan.batches(k) < plan.batches(0)) {
                fewer.add(k);
            }
        }
        List<GeneratorResponse.ArraySpec> arrays = layout.arrays().stream()
                .map(a -> new GeneratorResponse.ArraySpec(a.name(), a.role().name().toLowerCase(), a.shape(s.batchSize()),
                        a.dtype()))
                .toList();
        long batches = plan.batches(0);
        String self = "/api/generators/" + g.id();
        return new GeneratorResponse(g.id(), d.name(), s, s.positions(d.descriptor().split(s.split()).samples()),
                batches, batches == 0 ? 0 : plan.batchLength(0, batches - 1), fromText != null ? plan.from() : null,
                shards, fewer,
                subset(g, d), arrays, s.batchSize() * layout.bytesPerSample(), g.createdAt(),
                links(self, self + "/epochs/0/batches/0" + (plan.numShards() > 1 ? "?shard=0" : ""),
                        "/api/datasets/" + d.name()));
    }

    /** In this order in every answer: Map.of's iteration order changes from one JVM run to the next. */
    private static Map<String, String> links(String self, String firstBatch, String dataset) {
        Map<String, String> links = new LinkedHashMap<>();
        links.put("self", self);
        links.put("firstBatch", firstBatch);
        links.put("dataset", dataset);
        return links;
    }

    private GeneratorResponse.SubsetInfo subset(Generator g, Dataset d) {
        GeneratorSettings s = g.settings();
        if (s.validationSplit() == null) {
            return null;
        }
        var categorical = GeneratorChecks.firstCategorical(d.descriptor());
        return new GeneratorResponse.SubsetInfo(s.subset(), s.members(d.descriptor().split(s.split()).samples()),
                categorical == null ? null : categorical.name(), samplers.distribution(g, d));
    }

    private Dataset dataset(String name) {
        return datasets.findByName(name).orElseThrow(() -> ProblemException.notFound("No dataset is named "
                + Quote.of(name) + "."));
    }

}
