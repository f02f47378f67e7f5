package dev.datagen.dataset;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

/**
 * Removes the samples of deleted datasets in the background, one at a time, so that a delete answers at
 * once however large the dataset (a million samples took 40 s in the request). Deletes left unfinished by
 * a stop are finished after the next start; replicas may purge the same dataset at once, harmlessly.
 */
@Component
class DatasetPurger implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(DatasetPurger.class);

    private final DatasetRepository repository;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "datagen-purge");
        t.setDaemon(true);
        return t;
    });

    DatasetPurger(DatasetRepository repository) {
        this.repository = repository;
    }

    void purgeLater(long datasetId) {
        worker.execute(() -> purge(datasetId));
    }

    @EventListener(ApplicationReadyEvent.class)
    void resume() {
        repository.findDeleted().forEach(this::purgeLater);
    }

    private void purge(long datasetId) {
        long started = System.nanoTime();
        try {
            repository.purge(datasetId);
            log.info("purged deleted dataset {} in {} ms", datasetId, (System.nanoTime() - started) / 1_000_000);
        } catch (DataAccessException e) {
            // the registry is down or full: the row stays marked, and the next start tries again
            log.warn("purging deleted dataset {} failed, to be retried after a restart: {}", datasetId, e.toString());
        }
    }

    @Override
    public void destroy() {
        worker.shutdownNow();
    }
}
