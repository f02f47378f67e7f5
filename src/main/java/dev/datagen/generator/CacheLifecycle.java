package dev.datagen.generator;

import java.io.IOException;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import dev.datagen.cache.SampleCache;
import dev.datagen.dataset.DatasetDeleted;
import dev.datagen.dataset.DatasetRepository;

/**
 * Keeps the decoded-sample cache in step with the registry, which the cache itself knows nothing of: a
 * deleted dataset's stores go with it, and at start the stores of datasets deleted while the service was
 * stopped (or by another replica) go too.
 */
@Component
class CacheLifecycle {

    private static final Logger log = LoggerFactory.getLogger(CacheLifecycle.class);

    private final SampleCache cache;
    private final DatasetRepository datasets;

    CacheLifecycle(SampleCache cache, DatasetRepository datasets) {
        this.cache = cache;
        this.datasets = datasets;
    }

    @EventListener(ApplicationReadyEvent.class)
    void dropStoresOfDeletedDatasets() {
        try {
            cache.retainOnly(Set.copyOf(datasets.findAllUids()));
        } catch (IOException e) {
            log.warn("cannot clean the decoded-sample cache {}: {}", cache.root(), e.toString());
        }
    }

    @EventListener
    void onDatasetDeleted(DatasetDeleted event) {
        cache.drop(event.uid());
    }
}
