package dev.datagen.payload;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.commons.io.output.CloseShieldOutputStream;
import org.apache.commons.io.output.CountingOutputStream;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.HttpOutputMessage;
import org.springframework.http.MediaType;
import org.springframework.http.converter.AbstractHttpMessageConverter;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.http.server.ServletServerHttpResponse;

import dev.datagen.metrics.DatagenMetrics;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes a {@link Batch} as npz, an npy stream, ND4J or a JSON summary (indices and labels, no pixels), whichever the
 * client accepts, straight to the response stream; counts what it wrote in the served-batch metrics.
 */
class BatchMessageConverter extends AbstractHttpMessageConverter<Batch> {

    static final int RESPONSE_BUFFER = 128 * 1024;

    private final JsonMapper json;
    private final DatagenMetrics metrics;
    private final ArrayPool pool;

    public BatchMessageConverter(JsonMapper json, DatagenMetrics metrics, ArrayPool pool) {
        super(BatchMediaTypes.NPZ, BatchMediaTypes.ND4J, BatchMediaTypes.NPY, MediaType.APPLICATION_JSON);
        this.json = json;
        this.metrics = metrics;
        this.pool = pool;
    }

    @Override
    protected boolean supports(Class<?> clazz) {
        return Batch.class.isAssignableFrom(clazz);
    }

    @Override
    public boolean canRead(Class<?> clazz, MediaType mediaType) {
        return false;
    }

    @Override
    protected Batch readInternal(Class<? extends Batch> clazz, HttpInputMessage inputMessage) {
        throw new HttpMessageNotReadableException("batches are not uploaded", inputMessage);
    }

    @Override
    protected void writeInternal(Batch batch, HttpOutputMessage message) throws IOException {
        if (message instanceof ServletServerHttpResponse servlet && !servlet.getServletResponse().isCommitted()) {
            // Tomcat hands a large write on in chunks of its response buffer: 8 KB by default, over a thousand
            // for a 10 MB batch. 128 KB makes that 80, and is the largest buffer Tomcat keeps for the next
            // request (16x its default) rather than allocating anew: a larger one, allocated per response,
            // would be a "humongous" object to G1 and start a concurrent collection every few batches
            servlet.getServletResponse().setBufferSize((int) Math.min(batch.bytes() + 1024, RESPONSE_BUFFER));
        }
        MediaType type = message.getHeaders().getContentType();
        String format = BatchMediaTypes.formatName(type == null ? BatchMediaTypes.NPZ : type);
        // counted for the served-bytes meter; shielded, since writers (Jackson, ND4J) close what they are given
        CountingOutputStream out = new CountingOutputStream(CloseShieldOutputStream.wrap(message.getBody()));
        try {
            switch (format) {
                case "npz" -> NpzWriter.write(batch, out);
                case "nd4j" -> Nd4jWriter.write(batch, out);
                case "npy" -> {
                    for (NdArray array : batch.arrays()) {
                        NpyWriter.write(array, out);
                    }
                }
                default -> json.writeValue(out, summary(batch));
            }
            message.getBody().flush(); // the shield may be closed by now; the body is not
        } finally {
            // a batch is written once: its arrays can build the next one
            batch.arrays().forEach(a -> pool.give(a.data()));
            batch.release().run();
        }
        metrics.batchServed(batch.dataset(), batch.generatorId(), format, batch.size(), out.getByteCount());
    }

    /**
     * Known in advance for the npy stream and npz, so clients can read a batch into one buffer (a chunked
     * body costs a Python reader a parse of every chunk).
     */
    @Override
    protected Long getContentLength(Batch batch, MediaType contentType) {
        if (contentType != null && BatchMediaTypes.NPY.includes(contentType)) {
            return batch.arrays().stream().mapToLong(NpyWriter::size).sum();
        }
        if (contentType != null && BatchMediaTypes.NPZ.includes(contentType)) {
            return NpzWriter.size(batch);
        }
        return null;
    }

    /** The JSON view: which samples a batch holds and their labels, without pixels. */
    public static Map<String, Object> summary(Batch batch) {
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
            arrays.add(Map.of("name", a.name(), "role", a.role().name().toLowerCase(), "shape", a.shape(),
                    "dtype", a.dtype()));
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
