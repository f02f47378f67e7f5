package dev.datagen.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One store: a record is served only for the source file it was written from. */
class CacheStoreTest {

    static final int PIXELS = 28 * 28;

    @TempDir
    Path dir;

    static byte[] pixels(int seed) {
        byte[] px = new byte[PIXELS];
        for (int i = 0; i < px.length; i++) {
            px[i] = (byte) (i * 7 + seed * 13);
        }
        return px;
    }

    @Test
    void aRecordIsReadBackOnlyForTheStampItWasWrittenWith() throws IOException {
        CacheStore store = new CacheStore(dir.resolve("s.bin"), PIXELS, 10);
        store.write(3, 1234, 99, pixels(3), 0);

        byte[] into = new byte[PIXELS + 8];
        assertThat(store.read(3, 1234, 99, into, 8)).isTrue();
        assertThat(Arrays.copyOfRange(into, 8, 8 + PIXELS)).isEqualTo(pixels(3));

        byte[] untouched = new byte[PIXELS];
        assertThat(store.read(3, 1235, 99, untouched, 0)).as("the file's size changed").isFalse();
        assertThat(store.read(3, 1234, 100, untouched, 0)).as("the file's time or inode changed").isFalse();
        assertThat(store.read(4, 1234, 99, untouched, 0)).as("never written").isFalse();
        assertThat(untouched).containsOnly(0);
    }

    @Test
    void samplesBeyondTheCapacityAreNeitherWrittenNorRead() throws IOException {
        CacheStore store = new CacheStore(dir.resolve("s.bin"), PIXELS, 2);
        assertThat(store.covers(1)).isTrue();
        assertThat(store.covers(2)).isFalse();
        store.write(2, 1, 1, pixels(2), 0);
        assertThat(store.read(2, 1, 1, new byte[PIXELS], 0)).isFalse();
        assertThat(bytesOnDisk(dir.resolve("s.bin"))).isZero();
    }

    @Test
    void recordsAreStripedOverFilesSoConcurrentWritersTakeDifferentInodeLocks() throws IOException {
        int samples = 3 * CacheStore.STRIPES + 2;
        CacheStore store = new CacheStore(dir.resolve("s.bin"), PIXELS, samples);
        for (int i = 0; i < samples; i++) {
            store.write(i, 1000 + i, 7, pixels(i), 0);
        }

        long record = PIXELS + CacheStore.STAMP;
        try (Stream<Path> files = Files.list(dir.resolve("s.bin"))) {
            assertThat(files.map(f -> f.getFileName().toString()))
                    .containsExactlyInAnyOrder("0.rec", "1.rec", "2.rec", "3.rec", "4.rec", "5.rec", "6.rec", "7.rec");
        }
        assertThat(dir.resolve("s.bin/0.rec")).as("samples 0, 8, 16, 24").hasSize(4 * record);
        assertThat(dir.resolve("s.bin/1.rec")).as("samples 1, 9, 17, 25").hasSize(4 * record);
        assertThat(dir.resolve("s.bin/2.rec")).as("samples 2, 10, 18").hasSize(3 * record);
        assertThat(bytesOnDisk(dir.resolve("s.bin"))).as("no more than one file would hold")
                .isEqualTo(CacheStore.reservation(PIXELS, samples));
        byte[] file = Files.readAllBytes(dir.resolve("s.bin/1.rec"));
        assertThat(Arrays.copyOfRange(file, (int) (2 * record + CacheStore.STAMP), (int) (3 * record)))
                .as("sample 17 is the third record of file 1").isEqualTo(pixels(17));

        CacheStore reopened = new CacheStore(dir.resolve("s.bin"), PIXELS, samples);
        for (int i = 0; i < samples; i++) {
            byte[] back = new byte[PIXELS];
            assertThat(reopened.read(i, 1000 + i, 7, back, 0)).isTrue();
            assertThat(back).isEqualTo(pixels(i));
        }
    }

    static long bytesOnDisk(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.mapToLong(f -> f.toFile().length()).sum();
        }
    }

    @Test
    void aClosedStoreMissesEveryReadAndWritesNothing() throws IOException {
        CacheStore store = new CacheStore(dir.resolve("s.bin"), PIXELS, 4);
        store.write(0, 1, 1, pixels(0), 0);
        store.close();
        assertThat(store.read(0, 1, 1, new byte[PIXELS], 0)).isFalse();
        store.write(1, 1, 1, pixels(1), 0);
        assertThat(store.covers(1)).isFalse();
    }

    @Test
    void concurrentWritersAndReadersEachSeeTheirOwnRecord() throws Exception {
        CacheStore store = new CacheStore(dir.resolve("s.bin"), PIXELS, 64);
        List<CompletableFuture<Boolean>> workers = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            int thread = t;
            workers.add(CompletableFuture.supplyAsync(() -> {
                boolean ok = true;
                for (int round = 0; round < 50; round++) {
                    for (int i = thread; i < 64; i += 8) {
                        store.write(i, i + 1, round, pixels(i + round), 0);
                        byte[] back = new byte[PIXELS];
                        ok &= store.read(i, i + 1, round, back, 0) && Arrays.equals(back, pixels(i + round));
                    }
                }
                return ok;
            }));
        }
        for (CompletableFuture<Boolean> w : workers) {
            assertThat(w.get()).isTrue();
        }
    }
}
