package dev.datagen.dashboard;

import java.util.List;

import dev.datagen.dataset.DatasetDescriptor;
import dev.datagen.generator.GeneratorResponse;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the batch preview's script needs to draw a batch as the trainer receives it, handed over in a data
 * attribute (no inline script): the generator's dealing (batches per shard), the dataset's inputs and outputs
 * with their class names, and the batch to show first. The pixels themselves come from the tile endpoint, the
 * indices, labels and mixing from the batch's JSON view, so the page shows exactly what the API serves.
 *
 * @param batches batches per epoch of each shard, by shard
 * @param start   the batch to show first: {@code ?epoch=&batch=&shard=} of the page, within the dealing
 */
record PreviewModel(String generator, String dataset, String split, List<Long> batches, int samplesPerEpoch,
        String datasetHref, List<Input> inputs, List<Output> outputs, Start start) {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    record Input(String name, int height, int width, int channels) {
    }

    /** @param kind {@code categorical}, {@code multilabel} or {@code mask}, as the API names them */
    record Output(String name, String kind, int classes, List<String> classNames) {
    }

    record Start(long epoch, long batch, int shard) {
    }

    static PreviewModel of(GeneratorResponse g, DatasetDescriptor desc, String epoch, String batch, String shard) {
        List<Long> batches = g.shards().stream().map(GeneratorResponse.Shard::batches).toList();
        int k = (int) Math.min(parse(shard), batches.size() - 1);
        long lastBatch = Math.max(0, batches.get(k) - 1);
        Start start = new Start(parse(epoch), Math.min(parse(batch), lastBatch), k);
        List<Input> inputs = desc.inputs().stream()
                .map(i -> new Input(i.name(), i.height(), i.width(), i.channels())).toList();
        List<Output> outputs = desc.outputs().stream()
                .map(o -> new Output(o.name(), Names.of(o.kind()), o.classes(), o.classNames())).toList();
        return new PreviewModel(g.id(), g.dataset(), g.settings().split(), batches, g.samplesPerEpoch(),
                DatasetSummary.href(g.dataset()), inputs, outputs, start);
    }

    /** A page's query value as a non-negative number; anything else starts at 0 (the page never fails on it). */
    private static long parse(String text) {
        try {
            return text == null ? 0 : Math.max(0, Long.parseLong(text.strip()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    public String json() {
        return JSON.writeValueAsString(this);
    }

    public int numShards() {
        return batches.size();
    }
}
