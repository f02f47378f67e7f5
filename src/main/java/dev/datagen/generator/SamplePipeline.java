package dev.datagen.generator;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

import org.springframework.stereotype.Component;

import dev.datagen.cache.CacheStore;
import dev.datagen.dataset.DataRoots;
import dev.datagen.image.Geometry;
import dev.datagen.image.ImageCodec;
import dev.datagen.image.ImageException;
import dev.datagen.image.PixelFormat;
import dev.datagen.metrics.DatagenMetrics;

/**
 * The pixels of one image of a sample, as a batch needs them: its stored path checked again (still inside
 * the data roots, still a regular file), then read from the decoded-sample cache when the cache holds it
 * for the file as it is now, else decoded and resized, and cached stamped with the file as it was read.
 */
@Component
class SamplePipeline {

    private final DataRoots roots;
    private final ImageCodec codec;
    private final DatagenMetrics metrics;

    SamplePipeline(DataRoots roots, ImageCodec codec, DatagenMetrics metrics) {
        this.roots = roots;
        this.codec = codec;
        this.metrics = metrics;
    }

    /**
     * Writes the pixels of the image at {@code stored} (sample {@code index}, for the array {@code field}) in
     * {@code format} into {@code dest} at {@code offset}.
     *
     * @param store the cache store of that array, or null
     */
    void pixels(String field, String stored, int index, PixelFormat format, CacheStore store, byte[] dest, int offset)
            throws UnreadableSample {
        try {
            DataRoots.Checked checked = roots.recheck(Path.of(stored));
            BasicFileAttributes now = checked.attributes();
            if (store != null && store.read(index, now.size(), stamp(now), dest, offset)) {
                metrics.cacheHit();
                return;
            }
            long started = System.nanoTime();
            // stamped with the file as it was read, in case it changed since the check above
            BasicFileAttributes read = codec.decodeInto(checked.path(), format, dest, offset);
            metrics.decoded(System.nanoTime() - started);
            if (store != null) {
                metrics.cacheMiss();
                store.write(index, read.size(), stamp(read), dest, offset, Geometry.usedBytes(format, dest, offset));
            }
        } catch (NoSuchFileException e) {
            throw new UnreadableSample(field, stored, "the file no longer exists");
        } catch (IOException e) {
            throw new UnreadableSample(field, stored, "the file cannot be read (" + e.getClass().getSimpleName() + ")");
        } catch (ImageException | DataRoots.PathRefusedException e) {
            throw new UnreadableSample(field, stored, e.getMessage());
        }
    }

    /** Modification time and file key (device, inode) in one number: with the size, a file's identity. */
    private static long stamp(BasicFileAttributes attrs) {
        return attrs.lastModifiedTime().to(TimeUnit.NANOSECONDS) * 31 + Objects.hashCode(attrs.fileKey());
    }
}
