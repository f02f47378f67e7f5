package dev.datagen.generator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;

import org.springframework.stereotype.Component;

import dev.datagen.cache.CacheStore;
import dev.datagen.cache.SampleCache;
import dev.datagen.dataset.Dataset;
import dev.datagen.dataset.DatasetRepository;
import dev.datagen.dataset.ImageStore;
import dev.datagen.dataset.SampleRow;
import dev.datagen.dataset.SampleRowCache;
import dev.datagen.image.WorkerPool;
import dev.datagen.metrics.DatagenMetrics;
import dev.datagen.payload.ArrayPool;
import dev.datagen.payload.Batch;
import dev.datagen.payload.NdArray;
import dev.datagen.problem.ProblemException;
import dev.datagen.sampling.Sampler;

/**
 * Builds one batch: the plan gives epoch positions, the epoch order gives sample indices, the registry
 * (through {@link SampleRowCache}) their rows, and each sample is loaded into its slot of the batch arrays on
 * the worker pool ({@link SampleSlots}); vector labels are copied in order. Memory is the batch arrays plus
 * one sample per worker; native buffers are released per image.
 */
@Component
class BatchAssembler implements Assembly {

    private final DatasetRepository datasets;
    private final SampleRowCache sampleRows;
    private final SamplePipeline pipeline;
    private final WorkerPool pool;
    private final SampleCache cache;
    private final DatagenMetrics metrics;
    private final ArrayPool buffers;
    private final Samplers samplers;
    private final ImageStore images;

    BatchAssembler(DatasetRepository datasets, SampleRowCache sampleRows, SamplePipeline pipeline, WorkerPool pool,
            SampleCache cache, DatagenMetrics metrics, ArrayPool buffers, Samplers samplers, ImageStore images) {
        this.sampleRows = sampleRows;
        this.samplers = samplers;
        this.images = images;
        this.datasets = datasets;
        this.pipeline = pipeline;
        this.pool = pool;
        this.cache = cache;
        this.metrics = metrics;
        this.buffers = buffers;
    }

    @Override
    public Batch assemble(BatchJob job, WorkerPool.Priority priority) {
        long started = System.nanoTime();
        GeneratorSettings s = job.generator().settings();
        Dataset d = job.dataset();
        int splitSize = d.descriptor().split(s.split()).samples();
        Sampler.Epoch order = samplers.of(job.generator(), d).epoch(job.epoch());
        long[] positions = job.plan().positions(job.shard(), job.index());
        int[] indices = new int[positions.length];
        for (int i = 0; i < positions.length; i++) {
            indices[i] = order.sampleAt(positions[i]);
        }
        List<SampleRow> rows = sampleRows.findSamples(d.id(), s.split(), indices).orElseThrow(() -> ProblemException
                .notFound("The samples of split '" + s.split() + "' are gone: the dataset was deleted."));
        BatchLayout layout = new BatchLayout(d.descriptor(), s);
        int n = indices.length;
        List<BatchLayout.Array> specs = layout.arrays();
        byte[][] data = new byte[specs.size()][];
        CacheStore[] stores = new CacheStore[specs.size()];
        for (int a = 0; a < specs.size(); a++) {
            data[a] = buffers.take(Math.toIntExact(n * specs.get(a).bytesPerSample()));
            if (specs.get(a).kind() != BatchLayout.Kind.VECTOR) {
                stores[a] = cache.store(d.uid(), s.split(), specs.get(a).name(), specs.get(a).decoded(), splitSize);
            }
        }
        List<SampleSlots.Filled> filled;
        try (ObjectReads reads = ObjectReads.start(images, rows, specs, stores)) {
            SampleSlots slots = new SampleSlots(pipeline, datasets, job, order, specs, data, stores, reads);
            List<Future<SampleSlots.Filled>> futures = new ArrayList<>(n);
            for (int slot = 0; slot < n; slot++) {
                int sl = slot;
                SampleRow row = rows.get(slot);
                long position = positions[slot];
                futures.add(pool.submit(priority, () -> slots.fill(sl, row, position)));
            }
            filled = WorkerPool.joinAll(futures);
        }
        int[] used = new int[n];
        List<Batch.Skipped> skipped = new ArrayList<>();
        for (int slot = 0; slot < n; slot++) {
            SampleSlots.Filled f = filled.get(slot);
            used[slot] = f.row().index();
            skipped.addAll(f.skipped());
            for (int a = 0; a < specs.size(); a++) {
                BatchLayout.Array spec = specs.get(a);
                if (spec.kind() == BatchLayout.Kind.VECTOR) {
                    PixelWriter.labels(f.row().labels(), spec.slot(), spec.classes(), data[a], slot);
                }
            }
        }
        BatchLayout.Array first = specs.get(0);
        Batch.Mix mix = Mixer.draw(s, job, first.format().height(), first.format().width());
        if (mix != null) {
            Mixer.apply(mix, specs, data, n, s.layout(), first.format().height(), first.format().width());
        }
        List<NdArray> arrays = new ArrayList<>(specs.size());
        for (int a = 0; a < specs.size(); a++) {
            BatchLayout.Array spec = specs.get(a);
            arrays.add(new NdArray(spec.name(), spec.role(), spec.dtype(), spec.shape(n), data[a]));
        }
        metrics.batchAssembled(d.name(), Duration.ofNanos(System.nanoTime() - started));
        return new Batch(job.generator().id(), d.name(), job.epoch(), job.shard(), job.index(), used, arrays,
                List.copyOf(skipped), mix, () -> { });
    }
}
