package dev.datagen.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;

import dev.datagen.image.ColorMode;
import dev.datagen.image.PixelFormat;
import dev.datagen.storage.StorageProperties;

/** The cache's stores under one byte budget: least recently used out first, never over the budget. */
class SampleCacheTest {

    static final PixelFormat DIGIT = PixelFormat.image(28, 28, ColorMode.GRAYSCALE);
    static final long RECORD = DIGIT.bytes() + CacheStore.STAMP;

    @TempDir
    Path storage;

    SampleCache cache(long maxBytes) {
        return new SampleCache(new StorageProperties(storage), new CacheProperties(true, DataSize.ofBytes(maxBytes)));
    }

    @Test
    void theLeastRecentlyUsedStoreMakesRoomAndItsFileGoes() throws IOException {
        SampleCache cache = cache(3 * 100 * RECORD);
        CacheStore a = cache.store("a", "train", "image", DIGIT, 100);
        CacheStore b = cache.store("b", "train", "image", DIGIT, 100);
        CacheStore c = cache.store("c", "train", "image", DIGIT, 100);
        a.write(0, 1, 1, new byte[DIGIT.bytes()], 0);
        b.write(0, 1, 1, new byte[DIGIT.bytes()], 0);
        assertThat(cache.store("a", "train", "image", DIGIT, 100)).as("used again: now the most recent").isSameAs(a);

        CacheStore d = cache.store("d", "train", "image", DIGIT, 100);

        assertThat(d).isNotNull();
        assertThat(b.read(0, 1, 1, new byte[DIGIT.bytes()], 0)).as("b was least recently used").isFalse();
        assertThat(storage.resolve("cache/b")).isEmptyDirectory();
        assertThat(a.read(0, 1, 1, new byte[DIGIT.bytes()], 0)).isTrue();
        assertThat(cache.store("c", "train", "image", DIGIT, 100)).isSameAs(c);
        assertThat(cache.reservedBytes()).isEqualTo(3 * 100 * RECORD);
    }

    @Test
    void aStoreLargerThanTheBudgetCachesThePrefixThatFits() {
        SampleCache cache = cache(50 * RECORD);
        CacheStore store = cache.store("a", "train", "image", DIGIT, 1000);
        assertThat(store.covers(49)).isTrue();
        assertThat(store.covers(50)).isFalse();
        assertThat(cache.reservedBytes()).isEqualTo(50 * RECORD);
    }

    @Test
    void theBudgetIsNeverExceededUnderConcurrentUse() throws Exception {
        long max = 1000 * RECORD;
        SampleCache cache = cache(max);
        List<CompletableFuture<Long>> workers = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            int thread = t;
            workers.add(CompletableFuture.supplyAsync(() -> {
                long worst = 0;
                for (int i = 0; i < 200; i++) {
                    int samples = ThreadLocalRandom.current().nextInt(1, 600);
                    CacheStore s = cache.store("d" + (i % 13), "s" + thread, "image", DIGIT, samples);
                    if (s != null) {
                        s.write(samples - 1, 1, 1, new byte[DIGIT.bytes()], 0);
                    }
                    worst = Math.max(worst, cache.reservedBytes());
                }
                return worst;
            }));
        }
        for (CompletableFuture<Long> w : workers) {
            assertThat(w.get()).isLessThanOrEqualTo(max);
        }
        long onDisk;
        try (Stream<Path> files = Files.walk(storage.resolve("cache"))) {
            onDisk = files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        }
        assertThat(onDisk).as("bytes of every store file").isLessThanOrEqualTo(max);
    }

    @Test
    void aDroppedDatasetsStoresGoAndTheStoresOfAnEarlierRunAreReusedOrDropped() throws IOException {
        SampleCache first = cache(10 * 100 * RECORD);
        CacheStore kept = first.store("kept", "train", "image", DIGIT, 100);
        kept.write(7, 11, 22, new byte[DIGIT.bytes()], 0);
        first.store("gone", "train", "image", DIGIT, 100).write(0, 1, 1, new byte[DIGIT.bytes()], 0);
        first.store("dropped", "train", "image", DIGIT, 100);
        first.drop("dropped");
        assertThat(storage.resolve("cache/dropped")).doesNotExist();

        SampleCache restarted = cache(10 * 100 * RECORD);
        assertThat(restarted.reservedBytes()).as("files of the earlier run count").isPositive();
        restarted.retainOnly(Set.of("kept"));
        assertThat(storage.resolve("cache/gone")).doesNotExist();
        assertThat(restarted.store("kept", "train", "image", DIGIT, 100).read(7, 11, 22, new byte[DIGIT.bytes()], 0))
                .as("a record of the earlier run, for the same file").isTrue();
    }

    @Test
    void aStoreFileOfTheOneFileLayoutIsDeletedAtStartAndNotCounted() throws IOException {
        Path legacy = storage.resolve("cache/old/train.image.gray28x28.rec");
        Files.createDirectories(legacy.getParent());
        Files.write(legacy, new byte[(int) (10 * RECORD)]);

        SampleCache cache = cache(10 * 100 * RECORD);

        assertThat(legacy).doesNotExist();
        assertThat(cache.reservedBytes()).isZero();
        CacheStore store = cache.store("old", "train", "image", DIGIT, 100);
        store.write(3, 1, 1, new byte[DIGIT.bytes()], 0);
        assertThat(store.read(3, 1, 1, new byte[DIGIT.bytes()], 0)).isTrue();
    }

    @Test
    void aDisabledCacheHasNoStores() {
        SampleCache cache = new SampleCache(new StorageProperties(storage), new CacheProperties(false, DataSize.ofGigabytes(1)));
        assertThat(cache.store("a", "train", "image", DIGIT, 10)).isNull();
    }
}
