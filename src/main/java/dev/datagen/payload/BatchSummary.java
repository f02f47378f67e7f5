package dev.datagen.payload;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON view of a batch: which samples it holds and their labels, without pixels. */
final class BatchSummary {

    private BatchSummary() {
    }

    static Map<String, Object> of(Batch batch) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("generator", batch.generatorId());
        view.put("dataset", batch.dataset());
        view.put("epoch", batch.epoch());
        view.put("shard", batch.shard());
        view.put("index", batch.index());
        view.put("size", batch.size());
        view.put("indices", batch.indices());
        Map<String, Object> labels = new LinkedHashMap<>();
        List<Map<String, Object>> arrays = new ArrayList<>();
        for (NdArray a : batch.arrays()) {
            Map<String, Object> array = new LinkedHashMap<>(); // not Map.of, whose order changes from run to run
            array.put("name", a.name());
            array.put("role", a.role().name().toLowerCase(java.util.Locale.ROOT));
            array.put("shape", a.shape());
            array.put("dtype", a.dtype());
            arrays.add(array);
            if (a.role() == NdArray.Role.OUTPUT && a.shape().length == 2 && a.dtype() == DType.FLOAT32) {
                labels.put(a.name(), rows(a));
            }
        }
        view.put("labels", labels);
        view.put("arrays", arrays);
        view.put("skipped", batch.skipped());
        if (batch.mix() != null) {
            view.put("mix", mixing(batch));
        }
        return view;
    }

    /** Per sample: its partner (position in the batch and sample index), λ, and CutMix's box. */
    private static Map<String, Object> mixing(Batch batch) {
        List<Map<String, Object>> samples = new ArrayList<>();
        int n = batch.size();
        for (int i = 0; i < n; i++) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("partner", n - 1 - i);
            one.put("partnerSample", batch.indices()[n - 1 - i]);
            one.put("lambda", batch.mix().lambda());
            if (batch.mix().box() != null) {
                one.put("box", batch.mix().box());
            }
            samples.add(one);
        }
        Map<String, Object> mix = new LinkedHashMap<>();
        mix.put("kind", batch.mix().kind());
        mix.put("lambda", batch.mix().lambda());
        if (batch.mix().box() != null) {
            mix.put("box", batch.mix().box());
        }
        mix.put("samples", samples);
        return mix;
    }

    private static float[][] rows(NdArray a) {
        int n = (int) a.shape()[0];
        int w = (int) a.shape()[1];
        float[][] rows = new float[n][w];
        var floats = ByteBuffer.wrap(a.data()).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
        for (int i = 0; i < n; i++) {
            floats.get(rows[i]);
        }
        return rows;
    }
}
