package dev.datagen.generator;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.springframework.stereotype.Component;

import dev.datagen.cache.CacheStore;
import dev.datagen.cache.SampleCache;
import dev.datagen.dataset.DataRoots;
import dev.datagen.dataset.Dataset;
import dev.datagen.dataset.DatasetRepository;
import dev.datagen.dataset.SampleRow;
import dev.datagen.image.Augmentation;
import dev.datagen.image.Augmenter;
import dev.datagen.image.ImageCodec;
import dev.datagen.image.ImageException;
import dev.datagen.image.WorkerPool;
import dev.datagen.metrics.DatagenMetrics;
import dev.datagen.payload.ArrayPool;
import dev.datagen.payload.Batch;
import dev.datagen.payload.NdArray;
import dev.datagen.system.ProblemException;
import dev.datagen.system.ProblemType;

/**
 * Builds one batch: the plan gives epoch positions, the epoch order gives sample indices, and each sample
 * is loaded on the worker pool (decoded-sample cache, else decode and resize), augmented with its own
 * seeded transform, and written into its slot of the batch arrays. Memory is the batch arrays plus one
 * sample per worker; native buffers are released per image.
 */
@Component
class BatchAssembler {

    static final long AUGMENT_DOMAIN = 0x4155_474D_454E_5431L;

    private final DatasetRepository datasets;
    private final DataRoots roots;
    private final ImageCodec codec;
    private final WorkerPool pool;
    private final SampleCache cache;
    private final DatagenMetrics metrics;
    private final ArrayPool buffers;

    BatchAssembler(DatasetRepository datasets, DataRoots roots, ImageCodec codec, WorkerPool pool, SampleCache cache,
            DatagenMetrics metrics, ArrayPool buffers) {
        this.datasets = datasets;
        this.roots = roots;
        this.codec = codec;
        this.pool = pool;
        this.cache = cache;
        this.metrics = metrics;
        this.buffers = buffers;
    }

    Batch assemble(BatchJob job, WorkerPool.Priority priority) {
        long started = System.nanoTime();
        GeneratorSettings s = job.generator().settings();
        Dataset d = job.dataset();
        int splitSize = job.plan().samples();
        EpochOrder order = new EpochOrder(splitSize, s.seed(), job.epoch(), s.shuffle());
        long[] positions = job.plan().positions(job.shard(), job.index());
        int[] indices = new int[positions.length];
        for (int i = 0; i < positions.length; i++) {
            indices[i] = (int) order.at(positions[i]);
        }
        List<SampleRow> rows = datasets.findSamples(d.id(), s.split(), indices);
        BatchLayout layout = new BatchLayout(d.descriptor(), s);
        int n = indices.length;
        List<BatchLayout.Array> specs = layout.arrays();
        byte[][] data = new byte[specs.size()][];
        CacheStore[] stores = new CacheStore[specs.size()];
        for (int a = 0; a < specs.size(); a++) {
            data[a] = buffers.take(Math.toIntExact(n * specs.get(a).bytesPerSample()));
            if (specs.get(a).kind() != BatchLayout.Kind.VECTOR) {
                stores[a] = cache.store(d.uid(), s.split(), specs.get(a).name(), specs.get(a).format(), splitSize);
            }
        }
        Sampler sampler = new Sampler(job, order, specs, data, stores);
        List<Future<Filled>> futures = new ArrayList<>(n);
        for (int slot = 0; slot < n; slot++) {
            int sl = slot;
            SampleRow row = rows.get(slot);
            long position = positions[slot];
            futures.add(pool.submit(priority, () -> sampler.fill(sl, row, position)));
        }
        List<Filled> filled = WorkerPool.joinAll(futures);
        int[] used = new int[n];
        List<Batch.Skipped> skipped = new ArrayList<>();
        for (int slot = 0; slot < n; slot++) {
            Filled f = filled.get(slot);
            used[slot] = f.row().index();
            skipped.addAll(f.skipped());
            for (int a = 0; a < specs.size(); a++) {
                BatchLayout.Array spec = specs.get(a);
                if (spec.kind() == BatchLayout.Kind.VECTOR) {
                    PixelWriter.labels(f.row().labels(), spec.slot(), spec.classes(), data[a], slot);
                }
            }
        }
        List<NdArray> arrays = new ArrayList<>(specs.size());
        for (int a = 0; a < specs.size(); a++) {
            BatchLayout.Array spec = specs.get(a);
            arrays.add(new NdArray(spec.name(), spec.role(), spec.dtype(), spec.shape(n), data[a]));
        }
        for (Batch.Skipped k : skipped) {
            metrics.sampleSkipped(d.name());
        }
        metrics.batchAssembled(d.name(), Duration.ofNanos(System.nanoTime() - started));
        return new Batch(job.generator().id(), d.name(), job.epoch(), job.shard(), job.index(), used, arrays,
                List.copyOf(skipped));
    }

    /** What one slot ended up holding. */
    private record Filled(SampleRow row, List<Batch.Skipped> skipped) {
    }

    /** Loads samples into slots; runs on the worker pool, each call touching only its own slot. */
    private final class Sampler {
        private final BatchJob job;
        private final EpochOrder order;
        private final List<BatchLayout.Array> specs;
        private final byte[][] data;
        private final CacheStore[] stores;

        Sampler(BatchJob job, EpochOrder order, List<BatchLayout.Array> specs, byte[][] data, CacheStore[] stores) {
            this.job = job;
            this.order = order;
            this.specs = specs;
            this.data = data;
            this.stores = stores;
        }

        Filled fill(int slot, SampleRow row, long position) {
            GeneratorSettings s = job.generator().settings();
            try {
                write(slot, load(row, slot));
                return new Filled(row, List.of());
            } catch (Unreadable first) {
                if (s.onError() == OnError.FAIL) {
                    throw unreadable(row, first);
                }
                // onError=skip: the next readable sample of the epoch's order takes this slot
                List<SampleRow> failed = new ArrayList<>(List.of(row));
                List<String> reasons = new ArrayList<>(List.of(first.field + ": " + first.getMessage()));
                int n = job.plan().samples();
                for (long step = 1; step < n; step++) {
                    long p = (position + step) % n;
                    SampleRow next = datasets.findSample(job.dataset().id(), s.split(), (int) order.at(p))
                            .orElseThrow();
                    try {
                        write(slot, load(next, slot));
                        List<Batch.Skipped> skipped = new ArrayList<>();
                        for (int i = 0; i < failed.size(); i++) {
                            skipped.add(new Batch.Skipped(failed.get(i).index(), next.index(), reasons.get(i)));
                        }
                        return new Filled(next, skipped);
                    } catch (Unreadable e) {
                        failed.add(next);
                        reasons.add(e.field + ": " + e.getMessage());
                    }
                }
                throw unreadable(row, first);
            }
        }

        /**
         * Whether the decoded bytes are already the wire bytes (uint8, channels last or one channel, no
         * augmentation, mask ids): then the cache or decoder writes straight into the batch array.
         */
        private boolean direct(BatchLayout.Array spec) {
            GeneratorSettings s = job.generator().settings();
            if (s.augment() != null) {
                return false;
            }
            return switch (spec.kind()) {
                case IMAGE -> spec.dtype() == dev.datagen.payload.DType.UINT8
                        && (s.layout() == Layout.NHWC || spec.format().channels() == 1);
                case MASK -> !spec.oneHot();
                case VECTOR -> false;
            };
        }

        /**
         * Decoded (or cached), augmented pixels of every image array of the sample; null for arrays written
         * directly into the batch at {@code slot}.
         */
        private byte[][] load(SampleRow row, int slot) throws Unreadable {
            GeneratorSettings s = job.generator().settings();
            Augmentation augment = s.augment();
            byte[][] pixels = new byte[specs.size()][];
            for (int a = 0; a < specs.size(); a++) {
                BatchLayout.Array spec = specs.get(a);
                if (spec.kind() == BatchLayout.Kind.VECTOR) {
                    continue;
                }
                String stored = row.paths()[spec.slot()];
                if (direct(spec)) {
                    int bytes = spec.format().bytes();
                    pixelsOf(spec, stored, row.index(), stores[a], data[a], slot * bytes);
                    continue;
                }
                byte[] px = new byte[spec.format().bytes()];
                pixelsOf(spec, stored, row.index(), stores[a], px, 0);
                if (augment != null) {
                    // the same seed for every array of the sample: identical draws, so an image and its mask
                    // (or two inputs) move together
                    Augmentation.Transform t = augment.draw(
                            SplitMix64.of(AUGMENT_DOMAIN, s.seed(), job.epoch(), row.index()),
                            spec.format().height(), spec.format().width());
                    px = Augmenter.apply(px, spec.format(), t);
                }
                pixels[a] = px;
            }
            return pixels;
        }

        private void pixelsOf(BatchLayout.Array spec, String stored, int index, CacheStore store, byte[] px, int offset)
                throws Unreadable {
            try {
                DataRoots.Checked checked = roots.recheck(Path.of(stored));
                Path real = checked.path();
                BasicFileAttributes attrs = checked.attributes();
                if (store != null && store.read(index, attrs.size(), stampTime(attrs), px, offset)) {
                    metrics.cacheHit();
                    return;
                }
                long t0 = System.nanoTime();
                // stamped with the file as it was read, in case it changed since the check above
                BasicFileAttributes read = codec.decodeInto(real, spec.format(), px, offset);
                metrics.decoded(System.nanoTime() - t0);
                if (store != null) {
                    metrics.cacheMiss();
                    store.write(index, read.size(), stampTime(read), px, offset);
                }
            } catch (java.nio.file.NoSuchFileException e) {
                throw new Unreadable(spec.name(), stored, "the file no longer exists");
            } catch (IOException e) {
                throw new Unreadable(spec.name(), stored, "the file cannot be read (" + e.getClass().getSimpleName() + ")");
            } catch (ImageException | DataRoots.PathRefusedException e) {
                throw new Unreadable(spec.name(), stored, e.getMessage());
            }
        }

        private static long stampTime(BasicFileAttributes attrs) {
            return attrs.lastModifiedTime().to(TimeUnit.NANOSECONDS) * 31 + Objects.hashCode(attrs.fileKey());
        }

        private void write(int slot, byte[][] pixels) throws Unreadable {
            GeneratorSettings s = job.generator().settings();
            float scale = s.rescale() == null ? 1f : s.rescale().floatValue();
            for (int a = 0; a < specs.size(); a++) {
                BatchLayout.Array spec = specs.get(a);
                if (pixels[a] == null) {
                    continue;
                }
                switch (spec.kind()) {
                    case IMAGE -> PixelWriter.image(pixels[a], spec.format().height(), spec.format().width(),
                            spec.format().channels(), data[a], slot, spec.dtype(), s.layout(), scale);
                    case MASK -> {
                        if (spec.oneHot()) {
                            try {
                                PixelWriter.maskOneHot(pixels[a], spec.classes(), data[a], slot, spec.dtype(), s.layout());
                            } catch (IllegalStateException e) {
                                throw new Unreadable(spec.name(), "", e.getMessage());
                            }
                        } else {
                            PixelWriter.maskIds(pixels[a], data[a], slot);
                        }
                    }
                    case VECTOR -> {
                    }
                }
            }
        }

        private ProblemException unreadable(SampleRow row, Unreadable e) {
            Map<String, Object> props = new LinkedHashMap<>();
            props.put("sample", row.index());
            props.put("split", job.generator().settings().split());
            props.put("field", e.field);
            props.put("path", e.path);
            props.put("reason", e.getMessage());
            return new ProblemException(ProblemType.SAMPLE_UNREADABLE, "Sample " + row.index() + " of split '"
                    + job.generator().settings().split() + "' (" + e.field + ", " + e.path + "): " + e.getMessage()
                    + ". Create the generator with \"onError\": \"skip\" to replace unreadable samples.", props);
        }
    }

    /** A sample image that cannot be read now. */
    private static final class Unreadable extends Exception {
        final String field;
        final String path;

        Unreadable(String field, String path, String reason) {
            super(reason, null, false, false);
            this.field = field;
            this.path = path;
        }
    }
}
