package dev.datagen.dataset;

import org.springframework.stereotype.Component;

import dev.datagen.problem.ProblemException;
import dev.datagen.problem.Quote;

/** Finds one sample of a split of a dataset for the sample endpoints, or says which of the three is not there. */
@Component
class SampleLookup {

    private final DatasetCatalog catalog;
    private final DatasetRepository repository;

    SampleLookup(DatasetCatalog catalog, DatasetRepository repository) {
        this.catalog = catalog;
        this.repository = repository;
    }

    Dataset dataset(String name) {
        return catalog.get(name);
    }

    SampleRow row(Dataset d, String split, int index) {
        DatasetDescriptor.SplitInfo info = d.descriptor().split(split);
        if (info == null) {
            throw ProblemException.notFound("Dataset '" + d.name() + "' has no split " + Quote.of(split)
                    + "; it has " + d.descriptor().splits().keySet() + ".");
        }
        if (index < 0 || index >= info.samples()) {
            throw ProblemException.notFound("Split '" + split + "' has samples 0 to " + (info.samples() - 1)
                    + "; there is no sample " + index + ".");
        }
        return repository.findSample(d.id(), split, index)
                .orElseThrow(() -> ProblemException.notFound("Sample " + index + " is missing."));
    }
}
