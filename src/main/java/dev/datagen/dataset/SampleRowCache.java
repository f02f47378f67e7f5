package dev.datagen.dataset;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The registry's sample rows for batches, kept once read. A dataset's rows are written in its registration's
 * transaction and never changed after it commits, and a dataset id is never given again, so a row read once
 * stays true for as long as its dataset exists: whoever asks here has just found the dataset live.
 *
 * <p>Why: every batch asked the registry for its 64 rows, and on a warm epoch that query was 7% of the
 * service's CPU (a prefetch thread parsing SQL and rows on the cores that serve). Bounded by weight (a
 * 128th of the heap, at least 4 MB: some 25,000 rows of two 100-character paths), so memory stays flat
 * whatever the dataset's size; a larger dataset simply reads more of its rows from the registry.
 */
@Component
public class SampleRowCache {

    private record Key(long datasetId, String split, int index) {
    }

    private final DatasetRepository repository;
    private final Cache<Key, SampleRow> rows;

    @Autowired
    SampleRowCache(DatasetRepository repository) {
        this(repository, Math.max(4L << 20, Runtime.getRuntime().maxMemory() / 128));
    }

    SampleRowCache(DatasetRepository repository, long maxBytes) {
        this.repository = repository;
        this.rows = Caffeine.newBuilder()
                .maximumWeight(maxBytes)
                .weigher((Key key, SampleRow row) -> weight(row))
                .build();
    }

    /**
     * The rows of {@code indices} (repeats allowed), in their order, as
     * {@link DatasetRepository#findSamples} gives them; empty when one is not in the registry.
     */
    public Optional<List<SampleRow>> findSamples(long datasetId, String split, int[] indices) {
        SampleRow[] found = new SampleRow[indices.length];
        int[] missing = new int[indices.length];
        int misses = 0;
        for (int i = 0; i < indices.length; i++) {
            found[i] = rows.getIfPresent(new Key(datasetId, split, indices[i]));
            if (found[i] == null) {
                missing[misses++] = indices[i];
            }
        }
        if (misses > 0) {
            Optional<List<SampleRow>> read = repository.findSamples(datasetId, split, Arrays.copyOf(missing, misses));
            if (read.isEmpty()) {
                return Optional.empty();
            }
            for (SampleRow row : read.get()) {
                rows.put(new Key(datasetId, split, row.index()), row);
            }
            int next = 0;
            for (int i = 0; i < indices.length; i++) {
                if (found[i] == null) {
                    found[i] = read.get().get(next++);
                }
            }
        }
        return Optional.of(new ArrayList<>(Arrays.asList(found)));
    }

    /** A deleted dataset's rows go now rather than when the cache needs room. */
    @EventListener
    void onDatasetDeleted(DatasetDeleted event) {
        rows.asMap().keySet().removeIf(key -> key.datasetId() == event.id());
    }

    /** Roughly what a row holds on the heap: the record, its arrays, and two bytes per path character. */
    static int weight(SampleRow row) {
        long bytes = 96L + 4L * row.labels().length;
        for (String path : row.paths()) {
            bytes += 56L + 2L * path.length();
        }
        return (int) Math.min(Integer.MAX_VALUE, bytes);
    }
}
