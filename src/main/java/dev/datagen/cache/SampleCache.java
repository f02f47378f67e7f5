package dev.datagen.cache;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import dev.datagen.dataset.DatasetDeleted;
import dev.datagen.dataset.DatasetRepository;
import dev.datagen.image.PixelFormat;
import dev.datagen.system.StorageProperties;

/**
 * The decoded-sample cache: decoded, resized {@code uint8} samples on disk under
 * {@code <storage-dir>/cache/<dataset uid>/}, shared by every generator and trainer of a dataset, so that
 * epochs after the first skip decoding. Augmentation and dtype conversion happen after it, so one store
 * serves every generator setting. Bounded by {@code datagen.cache.max-size}: a new store evicts the least
 * recently used ones, and a store that still does not fit caches only the first samples it has room for.
 */
@Component
public class SampleCache {

    private static final Logger log = LoggerFactory.getLogger(SampleCache.class);

    private final Path root;
    private final boolean enabled;
    private final long maxBytes;
    private final Map<Path, CacheStore> stores = new HashMap<>();
    /** Bytes reserved per store file, open or left from an earlier run. */
    private final Map<Path, Long> reserved = new HashMap<>();
    private long reservedTotal;

    public SampleCache(StorageProperties storage, CacheProperties properties, DatasetRepository datasets) {
        this.root = storage.storageDir().resolve("cache").toAbsolutePath();
        this.enabled = properties.enabled();
        this.maxBytes = properties.maxSize().toBytes();
        try {
            Files.createDirectories(root);
            adoptExisting(Set.copyOf(datasets.findAllUids()));
        } catch (IOException e) {
            throw new UncheckedIOException("cache folder " + root + " cannot be prepared", e);
        }
    }

    public Path root() {
        return root;
    }

    public synchronized long reservedBytes() {
        return reservedTotal;
    }

    public long maxBytes() {
        return maxBytes;
    }

    /**
     * The store for one input or mask of a split at one pixel format, opened or created; null when the cache
     * is disabled or has no room.
     */
    public synchronized CacheStore store(String datasetUid, String split, String field, PixelFormat format, int count) {
        if (!enabled) {
            return null;
        }
        Path file = root.resolve(datasetUid).resolve(split + "." + field + "." + format.key() + ".bin");
        CacheStore store = stores.get(file);
        if (store != null) {
            return store;
        }
        long want = CacheStore.reservation(format.bytes(), count);
        long had = reserved.getOrDefault(file, 0L);
        reservedTotal -= had;
        reserved.remove(file);
        evictUntil(want, file);
        long room = Math.max(0, maxBytes - reservedTotal);
        int capacity = (int) Math.min(count, room / (format.bytes() + CacheStore.STAMP));
        if (capacity == 0) {
            deleteQuietly(file);
            return null;
        }
        try {
            Files.createDirectories(file.getParent());
            store = new CacheStore(file, format.bytes(), capacity);
        } catch (IOException e) {
            log.warn("cannot open cache store {}: {}", file, e.toString());
            return null;
        }
        stores.put(file, store);
        long bytes = CacheStore.reservation(format.bytes(), capacity);
        reserved.put(file, bytes);
        reservedTotal += bytes;
        return store;
    }

    @EventListener
    public synchronized void onDatasetDeleted(DatasetDeleted event) {
        Path dir = root.resolve(event.uid());
        for (Path file : Set.copyOf(reserved.keySet())) {
            if (file.startsWith(dir)) {
                drop(file);
            }
        }
        deleteTree(dir);
    }

    private void evictUntil(long want, Path keep) {
        while (reservedTotal + want > maxBytes) {
            Path victim = reserved.keySet().stream()
                    .filter(p -> !p.equals(keep))
                    .min(Comparator.comparingLong(p -> stores.containsKey(p) ? stores.get(p).lastUsed() : Long.MIN_VALUE))
                    .orElse(null);
            if (victim == null) {
                return;
            }
            drop(victim);
        }
    }

    private void drop(Path file) {
        CacheStore store = stores.remove(file);
        if (store != null) {
            store.close();
        }
        Long bytes = reserved.remove(file);
        if (bytes != null) {
            reservedTotal -= bytes;
        }
        deleteQuietly(file);
    }

    /** Keeps stores of registered datasets from an earlier run (counted against the budget), drops the rest. */
    private void adoptExisting(Set<String> liveUids) throws IOException {
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root)) {
            for (Path dir : dirs) {
                if (!liveUids.contains(dir.getFileName().toString())) {
                    deleteTree(dir);
                    continue;
                }
                try (Stream<Path> files = Files.list(dir)) {
                    for (Path f : files.toList()) {
                        long size = Files.size(f);
                        reserved.put(f, size);
                        reservedTotal += size;
                    }
                }
            }
        }
        evictUntil(0, null);
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            log.debug("cannot delete {}", file, e);
        }
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(SampleCache::deleteQuietly);
        } catch (IOException e) {
            log.debug("cannot delete {}", dir, e);
        }
    }
}
