package dev.datagen.cache;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.util.FileSystemUtils;

import dev.datagen.image.PixelFormat;
import dev.datagen.storage.StorageProperties;
import dev.datagen.storage.StorageUsage;

/**
 * The decoded-sample cache: decoded, resized {@code uint8} samples on disk under
 * {@code <storage-dir>/cache/<dataset uid>/}, shared by every generator and trainer of a dataset, so that
 * epochs after the first skip decoding. Augmentation and dtype conversion happen after it, so one store
 * serves every generator setting. Bounded by {@code datagen.cache.max-size}: a new store evicts the least
 * recently used ones, and a store larger than the whole budget caches only the first samples it has room for.
 *
 * <p>Why not Caffeine, which bounds by weight too: its admission policy may turn away a newly created store
 * in favour of often-used old ones (and delete its file at once), and it may exceed its bound for a moment
 * while it evicts; here the bound is on disk space, and a dataset just opened should be cached.
 */
@Component
public class SampleCache implements StorageUsage {

    private static final Logger log = LoggerFactory.getLogger(SampleCache.class);

    private final Path root;
    private final boolean enabled;
    private final long maxBytes;
    /** Every store's folder, open or left by an earlier run, with its reserved bytes; least recently used first. */
    private final LinkedHashMap<Path, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);
    private long reservedTotal;

    /** A store's reservation, and the store once opened in this run. */
    private record Entry(long bytes, CacheStore store) {
    }

    public SampleCache(StorageProperties storage, CacheProperties properties) {
        this.root = storage.storageDir().resolve("cache").toAbsolutePath();
        this.enabled = properties.enabled();
        this.maxBytes = properties.maxSize().toBytes();
        try {
            Files.createDirectories(root);
            adoptEarlierRun();
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

    @Override
    public Map<String, Object> usage() {
        Map<String, Object> usage = new java.util.LinkedHashMap<>(); // Map.of's order changes from run to run
        usage.put("cacheBytes", reservedBytes());
        usage.put("cacheMaxBytes", maxBytes);
        return usage;
    }

    /**
     * The store for one input or mask of a split at one pixel format, opened or created; null when the cache
     * is disabled or has no room.
     */
    public synchronized CacheStore store(String datasetUid, String split, String field, PixelFormat format, int count) {
        if (!enabled) {
            return null;
        }
        Path folder = root.resolve(datasetUid).resolve(split + "." + field + "." + format.key());
        Entry entry = entries.get(folder);
        if (entry != null && entry.store() != null) {
            return entry.store();
        }
        if (entry != null) {
            // a file of an earlier run: opened again below (every record's stamp is checked before use)
            entries.remove(folder);
            reservedTotal -= entry.bytes();
        }
        long record = format.bytes() + (long) CacheStore.STAMP;
        int capacity = (int) Math.min(count, maxBytes / record);
        if (capacity == 0) {
            return null;
        }
        long bytes = CacheStore.reservation(format.bytes(), capacity);
        while (reservedTotal + bytes > maxBytes && evictEldest()) {
            // the least recently used stores go until the new one fits
        }
        try {
            CacheStore store = new CacheStore(folder, format.bytes(), capacity);
            entries.put(folder, new Entry(bytes, store));
            reservedTotal += bytes;
            return store;
        } catch (IOException e) {
            log.warn("cannot open cache store {}: {}", folder, e.toString());
            return null;
        }
    }

    /** Drops a deleted dataset's stores and their files. */
    public synchronized void drop(String datasetUid) {
        Path dir = root.resolve(datasetUid);
        Set.copyOf(entries.keySet()).stream().filter(f -> f.startsWith(dir)).forEach(this::remove);
        FileSystemUtils.deleteRecursively(dir.toFile());
    }

    /** Drops the stores of every dataset but these (deleted while the service was stopped, say). */
    public synchronized void retainOnly(Set<String> datasetUids) throws IOException {
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root)) {
            for (Path dir : dirs) {
                if (!datasetUids.contains(dir.getFileName().toString())) {
                    drop(dir.getFileName().toString());
                }
            }
        }
    }

    /**
     * Counts the stores an earlier run left against the budget; their records are used only when their stamps
     * match. A file where a store's folder belongs is a store of a version that kept one file (records not
     * striped), and goes.
     */
    private void adoptEarlierRun() throws IOException {
        try (Stream<Path> found = Files.walk(root, 2)) {
            for (Path p : found.filter(p -> !p.equals(root)).toList()) {
                if (Files.isRegularFile(p)) {
                    Files.delete(p);
                } else if (!p.getParent().equals(root)) {
                    long size = folderBytes(p);
                    entries.put(p, new Entry(size, null));
                    reservedTotal += size;
                }
            }
        }
        while (reservedTotal > maxBytes && evictEldest()) {
            // a smaller budget than last time
        }
    }

    private boolean evictEldest() {
        Iterator<Path> eldest = entries.keySet().iterator();
        if (!eldest.hasNext()) {
            return false;
        }
        remove(eldest.next());
        return true;
    }

    private static long folderBytes(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            long bytes = 0;
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                bytes += Files.size(f);
            }
            return bytes;
        }
    }

    private void remove(Path folder) {
        Entry entry = entries.remove(folder);
        if (entry != null) {
            reservedTotal -= entry.bytes();
            if (entry.store() != null) {
                entry.store().close();
            }
        }
        try {
            FileSystemUtils.deleteRecursively(folder);
        } catch (IOException e) {
            log.debug("cannot delete {}", folder, e);
        }
    }
}
