package dev.datagen.generator;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.springframework.stereotype.Service;

import dev.datagen.dataset.DatasetRepository;
import dev.datagen.payload.Batch;
import dev.datagen.payload.NdArray;
import dev.datagen.problem.ProblemException;
import dev.datagen.problem.Quote;

/**
 * Preview tiles: sample j of one array of a batch, as a PNG. A preview page asks for every tile of a batch
 * at once, so the batch is built once and kept for a few minutes (at most 64 MB of batches; they are the
 * payload's own arrays, not copies). Previews are not trainers: they do not move a generator's progress.
 */
@Service
class TileService {

    private record Key(String id, String epoch, String index, String shard, String numShards, String from) {
    }

    private final BatchService batches;
    private final GeneratorService generators;
    private final DatasetRepository datasets;
    private final Cache<Key, Batch> recent = Caffeine.newBuilder()
            .maximumWeight(64L << 20)
            .weigher((Key k, Batch b) -> (int) Math.min(Integer.MAX_VALUE, b.bytes()))
            .expireAfterAccess(Duration.ofMinutes(5))
            .build();

    TileService(BatchService batches, GeneratorService generators, DatasetRepository datasets) {
        this.batches = batches;
        this.generators = generators;
        this.datasets = datasets;
    }

    byte[] tile(String id, String epoch, String index, String shard, String numShards, String from, String sampleText,
            String arrayName, String format) {
        Generator g = generators.find(id);
        Batch batch = recent.get(new Key(id, epoch, index, shard, numShards, from), k -> {
            Batch b = batches.batch(id, epoch, index, shard, numShards, from, BatchService.Reader.VIEWER);
            b.release().run(); // the tile cache's own bound covers it from here
            return b;
        });
        int j = (int) EpochPlans.parse("sample", sampleText, 0, Integer.MAX_VALUE);
        if (j >= batch.size()) {
            throw ProblemException.notFound("The batch has samples 0 to " + (batch.size() - 1) + "; there is no sample "
                    + j + ".");
        }
        List<BatchLayout.Array> specs = new BatchLayout(datasets.findById(g.datasetId()).orElseThrow(() ->
                ProblemException.notFound("The generator's dataset is gone.")).descriptor(), g.settings()).arrays();
        for (int a = 0; a < specs.size(); a++) {
            BatchLayout.Array spec = specs.get(a);
            if (!spec.name().equals(arrayName)) {
                continue;
            }
            NdArray array = batch.arrays().get(a);
            String f = format == null ? "image" : format.strip().toLowerCase(Locale.ROOT);
            if (!f.equals("image") && !f.equals("ids")) {
                throw EpochPlans.refused("format", "must be image or ids, got " + Quote.of(format));
            }
            return switch (spec.kind()) {
                case IMAGE -> {
                    if (f.equals("ids")) {
                        throw EpochPlans.refused("format", "ids applies to mask outputs; '" + arrayName + "' is an input");
                    }
                    yield TileRenderer.image(array, j, g.settings().layout(), g.settings());
                }
                case MASK -> TileRenderer.mask(array, j, spec.oneHot(), spec.classes(), g.settings().layout(),
                        f.equals("ids"));
                case VECTOR -> throw EpochPlans.refused("array", "'" + arrayName + "' is a vector output, not an "
                        + "image; its values are in the batch's JSON view (labels)");
            };
        }
        throw ProblemException.notFound("The batch has no array " + Quote.of(arrayName) + "; it has "
                + specs.stream().map(BatchLayout.Array::name).toList() + ".");
    }
}
