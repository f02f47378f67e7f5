package dev.datagen.generator;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.datagen.cache.CacheStore;
import dev.datagen.dataset.DatasetRepository;
import dev.datagen.dataset.SampleRow;
import dev.datagen.image.Augmentation;
import dev.datagen.image.Augmenter;
import dev.datagen.image.Geometry;
import dev.datagen.image.PixelFormat;
import dev.datagen.image.Region;
import dev.datagen.objects.ObjectStoreException;
import dev.datagen.objects.ReadAhead;
import dev.datagen.payload.Batch;
import dev.datagen.payload.DType;
import dev.datagen.problem.ProblemException;
import dev.datagen.problem.ProblemType;
import dev.datagen.sampling.Sampler;
import dev.datagen.sampling.SplitMix64;

/**
 * The slots of one batch being built: each call of {@link #fill} loads one sample's images, augments them
 * with the sample's own seeded transform, and writes them into its slot of the batch arrays. Runs on the
 * worker pool, each call touching only its own slot. With {@code onError: skip}, an unreadable sample's slot
 * takes the next readable sample of the epoch's order.
 */
final class SampleSlots {

    static final long AUGMENT_DOMAIN = 0x4155_474D_454E_5431L;
    static final long CROP_DOMAIN = 0x4352_4F50_5245_4731L;

    /** What one slot ended up holding. */
    record Filled(SampleRow row, List<Batch.Skipped> skipped) {
    }

    private final SamplePipeline pipeline;
    private final DatasetRepository datasets;
    private final BatchJob job;
    private final Sampler.Epoch order;
    private final List<BatchLayout.Array> specs;
    private final byte[][] data;
    private final CacheStore[] stores;
    private final ObjectReads reads;

    SampleSlots(SamplePipeline pipeline, DatasetRepository datasets, BatchJob job, Sampler.Epoch order,
            List<BatchLayout.Array> specs, byte[][] data, CacheStore[] stores, ObjectReads reads) {
        this.reads = reads;
        this.pipeline = pipeline;
        this.datasets = datasets;
        this.job = job;
        this.order = order;
        this.specs = specs;
        this.data = data;
        this.stores = stores;
    }

    Filled fill(int slot, SampleRow row, long position) {
        GeneratorSettings s = job.generator().settings();
        try {
            write(slot, load(row, slot, true));
            return new Filled(row, List.of());
        } catch (UnreadableSample first) {
            if (s.onError() == OnError.FAIL) {
                throw unreadable(row, first);
            }
            // Only this slot's own sample is reported: an unreadable sample passed over on the way is reported
            // by its own position (in this batch or another), so that each one counts once.
            long n = s.positions(job.dataset().descriptor().split(s.split()).samples());
            for (long step = 1; step < n; step++) {
                long p = (position + step) % n;
                SampleRow next = datasets.findSample(job.dataset().id(), s.split(), order.sampleAt(p)).orElseThrow();
                try {
                    write(slot, load(next, slot, false));
                    return new Filled(next, List.of(new Batch.Skipped(row.index(), next.index(),
                            first.field() + ": " + first.getMessage())));
                } catch (UnreadableSample e) {
                    // the next one, then
                }
            }
            throw unreadable(row, first);
        }
    }

    /**
     * Whether the decoded bytes are already the wire bytes (uint8, channels last or one channel, no
     * augmentation, no random crop, mask ids): then the cache or decoder writes straight into the batch array.
     */
    private boolean direct(BatchLayout.Array spec) {
        GeneratorSettings s = job.generator().settings();
        if (s.augment() != null || spec.decoded().fit() == PixelFormat.Fit.SOURCE) {
            return false;
        }
        return switch (spec.kind()) {
            case IMAGE -> spec.dtype() == DType.UINT8 && (s.layout() == Layout.NHWC || spec.format().channels() == 1);
            case MASK -> !spec.oneHot();
            case VECTOR -> false;
        };
    }

    /**
     * Decoded (or cached), cropped and augmented pixels of every image array of the sample; null for arrays
     * written directly into the batch at {@code slot}. A random crop is drawn once per sample, on its first
     * image, and taken at the same relative place from every other image and mask. Objects come from what the
     * batch read ahead ({@code readAhead}), except for a replacement sample, which is read here.
     */
    private byte[][] load(SampleRow row, int slot, boolean readAhead) throws UnreadableSample {
        GeneratorSettings s = job.generator().settings();
        Augmentation augment = s.augment();
        byte[][] pixels = new byte[specs.size()][];
        Region box = null;
        int[] boxOn = null;
        for (int a = 0; a < specs.size(); a++) {
            BatchLayout.Array spec = specs.get(a);
            if (spec.kind() == BatchLayout.Kind.VECTOR) {
                continue;
            }
            String stored = row.paths()[spec.slot()];
            ReadAhead.Result ahead;
            try {
                ahead = readAhead ? reads.take(slot, a) : null;
            } catch (ObjectStoreException e) {
                throw UnreadableSample.of(spec.name(), stored, e);
            }
            if (direct(spec)) {
                int bytes = spec.format().bytes();
                pipeline.pixels(spec.name(), stored, row.index(), spec.decoded(), stores[a], data[a], slot * bytes, ahead);
                continue;
            }
            byte[] px = WorkerBuffers.pixels(a, spec.format().bytes());
            if (spec.decoded().fit() == PixelFormat.Fit.SOURCE) {
                byte[] source = WorkerBuffers.source(a, spec.decoded().bytes());
                pipeline.pixels(spec.name(), stored, row.index(), spec.decoded(), stores[a], source, 0, ahead);
                int[] size = Geometry.sourceSize(source, 0);
                if (box == null) {
                    box = s.crop().draw(SplitMix64.of(CROP_DOMAIN, s.seed(), job.epoch(), row.index()), size[0], size[1]);
                    boxOn = size;
                }
                Geometry.crop(source, 0, spec.format(), box.scaled(boxOn[0], boxOn[1], size[0], size[1]), px, 0);
            } else {
                pipeline.pixels(spec.name(), stored, row.index(), spec.decoded(), stores[a], px, 0, ahead);
            }
            if (augment != null) {
                // the same seed for every array of the sample: identical draws, so an image and its mask
                // (or two inputs) move together
                Augmentation.Transform t = augment.draw(SplitMix64.of(AUGMENT_DOMAIN, s.seed(), job.epoch(), row.index()),
                        spec.format().height(), spec.format().width());
                px = Augmenter.apply(px, spec.format(), t);
            }
            pixels[a] = px;
        }
        return pixels;
    }

    private void write(int slot, byte[][] pixels) throws UnreadableSample {
        GeneratorSettings s = job.generator().settings();
        float scale = s.rescale() == null ? 1f : s.rescale().floatValue();
        float[] mean = s.normalize() == null ? null : s.normalize().meanFloats();
        float[] std = s.normalize() == null ? null : s.normalize().stdFloats();
        for (int a = 0; a < specs.size(); a++) {
            BatchLayout.Array spec = specs.get(a);
            if (pixels[a] == null) {
                continue;
            }
            switch (spec.kind()) {
                case IMAGE -> PixelWriter.image(pixels[a], spec.format().height(), spec.format().width(),
                        spec.format().channels(), data[a], slot, spec.dtype(), s.layout(), scale, mean, std);
                case MASK -> {
                    if (!spec.oneHot()) {
                        PixelWriter.maskIds(pixels[a], data[a], slot);
                        continue;
                    }
                    try {
                        PixelWriter.maskOneHot(pixels[a], spec.classes(), data[a], slot, spec.dtype(), s.layout());
                    } catch (IllegalStateException e) {
                        throw new UnreadableSample(spec.name(), "", e.getMessage());
                    }
                }
                case VECTOR -> {
                }
            }
        }
    }

    private ProblemException unreadable(SampleRow row, UnreadableSample e) {
        String split = job.generator().settings().split();
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("sample", row.index());
        props.put("split", split);
        props.put("field", e.field());
        props.put("path", e.path());
        props.put("reason", e.getMessage());
        String what = "Sample " + row.index() + " of split '" + split + "' (" + e.field() + ", " + e.path() + "): "
                + e.getMessage();
        return new ProblemException(ProblemType.SAMPLE_UNREADABLE, job.generator().settings().onError() == OnError.SKIP
                ? "No sample of split '" + split + "' can be read any more: onError is skip, and every sample of the"
                        + " split was tried in its place. " + what + "."
                : what + ". Create the generator with \"onError\": \"skip\" to replace unreadable samples.", props);
    }
}
