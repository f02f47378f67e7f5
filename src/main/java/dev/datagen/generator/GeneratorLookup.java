package dev.datagen.generator;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import dev.datagen.dataset.Dataset;
import dev.datagen.dataset.DatasetDeleted;
import dev.datagen.dataset.DatasetRepository;
import dev.datagen.problem.ProblemException;

/**
 * The generator and dataset of a batch request, which a trainer sends many times a second. Both rows are
 * immutable once created (a generator is never updated, a dataset's descriptor is written in its
 * registration's transaction), so each is read and parsed once and kept; whether they still exist is what can
 * change, and one short query checks it on every request, so a generator or dataset deleted on any replica is
 * gone here at once, as before.
 *
 * <p>Why: the two full lookups, each parsing its JSON, took 0.3 to 0.5 ms of every batch request, before its
 * first byte. A dataset is kept once for all its generators: its descriptor grows with its classes' names.
 */
@Component
class GeneratorLookup {

    /** What a batch request reads. */
    record Found(Generator generator, Dataset dataset) {
    }

    private final GeneratorRepository generators;
    private final GeneratorService service;
    private final DatasetRepository datasets;
    private final Cache<String, Generator> parsedGenerators = Caffeine.newBuilder().maximumSize(1024).build();
    private final Cache<Long, Dataset> parsedDatasets = Caffeine.newBuilder().maximumSize(64).build();

    GeneratorLookup(GeneratorRepository generators, GeneratorService service, DatasetRepository datasets) {
        this.generators = generators;
        this.service = service;
        this.datasets = datasets;
    }

    /** The generator and its dataset, or the problem {@link GeneratorService#find} gives. */
    Found find(String id) {
        if (!generators.isLive(id)) {
            parsedGenerators.invalidate(id);
            throw GeneratorService.notFound(id);
        }
        Generator g = parsedGenerators.get(id, service::find);
        Dataset d = parsedDatasets.get(g.datasetId(), key -> datasets.findById(key)
                .orElseThrow(() -> ProblemException.notFound("The generator's dataset is gone.")));
        return new Found(g, d);
    }

    /** What was kept of a dataset deleted here goes now; of one deleted elsewhere, at its next request. */
    @EventListener
    void onDatasetDeleted(DatasetDeleted event) {
        parsedDatasets.invalidate(event.id());
        parsedGenerators.asMap().values().removeIf(g -> g.datasetId() == event.id());
    }
}
