package dev.datagen.payload;

import java.io.IOException;
import java.io.OutputStream;

import org.apache.commons.io.output.CloseShieldOutputStream;
import org.apache.commons.io.output.CountingOutputStream;

import dev.datagen.metrics.DatagenMetrics;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes a {@link Batch} in one format (npz, an npy stream, ND4J, or the JSON summary), gives its arrays back
 * to the pool and its reservation back once written, and counts it in the served-batch metrics. Shared by
 * Spring MVC's converter and the batch request filter, so both send the same bytes and count them alike.
 */
public final class BatchWriter {

    /**
     * Tomcat hands a large write on in chunks of its response buffer: 8 KB by default, over a thousand for a
     * 10 MB batch. 128 KB makes that 80, and is the largest buffer Tomcat keeps for the next request (16x its
     * default) rather than allocating anew: a larger one, allocated per response, would be a "humongous"
     * object to G1 and start a concurrent collection every few batches.
     */
    static final int RESPONSE_BUFFER = 128 * 1024;

    private final JsonMapper json;
    private final DatagenMetrics metrics;
    private final ArrayPool pool;

    public BatchWriter(JsonMapper json, DatagenMetrics metrics, ArrayPool pool) {
        this.json = json;
        this.metrics = metrics;
        this.pool = pool;
    }

    /** The response buffer to ask the container for. */
    public static int responseBuffer(Batch batch) {
        return (int) Math.min(batch.bytes() + 1024, RESPONSE_BUFFER);
    }

    /**
     * Known in advance for the npy stream and npz (null for the others), so clients can read a batch into one
     * buffer (a chunked body costs a Python reader a parse of every chunk).
     */
    public static Long contentLength(Batch batch, String format) {
        return switch (format) {
            case "npy" -> batch.arrays().stream().mapToLong(NpyWriter::size).sum();
            case "npz" -> NpzWriter.size(batch);
            default -> null;
        };
    }

    /**
     * Writes the batch to {@code body}, without flushing it: the container ends the response, with a
     * Content-Length of its own when the whole of it is still in its buffer (as Spring MVC leaves it); the
     * batch's arrays and reservation are given back.
     */
    public void write(Batch batch, String format, OutputStream body) throws IOException {
        // counted for the served-bytes meter; shielded, since writers (Jackson, ND4J) close what they are given
        CountingOutputStream out = new CountingOutputStream(CloseShieldOutputStream.wrap(body));
        try {
            switch (format) {
                case "npz" -> NpzWriter.write(batch, out);
                case "nd4j" -> Nd4jWriter.write(batch, out);
                case "npy" -> {
                    for (NdArray array : batch.arrays()) {
                        NpyWriter.write(array, out);
                    }
                }
                default -> json.writeValue(out, BatchSummary.of(batch));
            }
        } finally {
            // a batch is written once: its arrays can build the next one
            batch.arrays().forEach(a -> pool.give(a.data()));
            batch.release().run();
        }
        if (format.equals("json")) {
            return; // the JSON view carries no arrays: a person (or the dashboard's preview) looking, not a trainer
        }
        metrics.batchServed(batch.dataset(), batch.generatorId(), format, batch.size(), out.getByteCount());
        if (!batch.skipped().isEmpty()) {
            metrics.samplesSkipped(batch.dataset(), batch.skipped().size());
        }
    }
}
