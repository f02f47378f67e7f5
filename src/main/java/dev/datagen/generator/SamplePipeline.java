package dev.datagen.generator;

import java.io.IOException;
import java.nio.file.NoSuchFileException;

import org.springframework.stereotype.Component;

import dev.datagen.cache.CacheStore;
import dev.datagen.dataset.ImageStore;
import dev.datagen.dataset.PathRefusedException;
import dev.datagen.image.Geometry;
import dev.datagen.image.ImageCodec;
import dev.datagen.image.ImageException;
import dev.datagen.image.PixelFormat;
import dev.datagen.metrics.DatagenMetrics;
import dev.datagen.objects.ObjectStoreException;
import dev.datagen.objects.ReadAhead;

/**
 * The pixels of one image of a sample, as a batch needs them: its stored location checked again (a file still
 * inside the data roots and still a regular file; an object still under an {@code s3://} root), then read from
 * the decoded-sample cache when the cache holds it for the image as it is now, else decoded and resized, and
 * cached stamped with the image as it was read.
 */
@Component
class SamplePipeline {

    private final ImageStore images;
    private final ImageCodec codec;
    private final DatagenMetrics metrics;

    SamplePipeline(ImageStore images, ImageCodec codec, DatagenMetrics metrics) {
        this.images = images;
        this.codec = codec;
        this.metrics = metrics;
    }

    /**
     * Writes the pixels of the image at {@code stored} (sample {@code index}, for the array {@code field}) in
     * {@code format} into {@code dest} at {@code offset}.
     *
     * @param store the cache store of that array, or null
     * @param ahead what was read ahead of an object (its identity, or its bytes too), or null
     */
    void pixels(String field, String stored, int index, PixelFormat format, CacheStore store, byte[] dest, int offset,
            ReadAhead.Result ahead) throws UnreadableSample {
        try {
            boolean fetched = ahead != null && ahead.body() != null;
            if (!fetched && store != null && store.holds(index)) {
                ImageStore.Stamp now = ahead != null ? ImageStore.of(ahead.head()) : images.stamp(stored);
                if (store.read(index, now.size(), now.version(), dest, offset)) {
                    metrics.cacheHit();
                    return;
                }
            }
            long started = System.nanoTime();
            // stamped with the image as it was read, in case it changed since the check above
            ImageStore.Encoded read = fetched ? ImageStore.of(ahead.body()) : images.read(stored);
            codec.decodeInto(read.data(), format, dest, offset);
            metrics.decoded(System.nanoTime() - started);
            if (store != null) {
                metrics.cacheMiss();
                store.write(index, read.stamp().size(), read.stamp().version(), dest, offset,
                        Geometry.usedBytes(format, dest, offset));
            }
        } catch (NoSuchFileException e) {
            throw new UnreadableSample(field, stored, "the file no longer exists");
        } catch (ObjectStoreException e) {
            throw UnreadableSample.of(field, stored, e);
        } catch (IOException e) {
            throw new UnreadableSample(field, stored, "the file cannot be read (" + e.getClass().getSimpleName() + ")");
        } catch (ImageException | PathRefusedException e) {
            throw new UnreadableSample(field, stored, e.getMessage());
        }
    }
}
