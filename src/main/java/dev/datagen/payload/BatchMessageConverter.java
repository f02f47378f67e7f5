package dev.datagen.payload;

import java.io.IOException;

import org.springframework.http.HttpInputMessage;
import org.springframework.http.HttpOutputMessage;
import org.springframework.http.MediaType;
import org.springframework.http.converter.AbstractHttpMessageConverter;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.http.server.ServletServerHttpResponse;

/**
 * Writes a {@link Batch} as npz, an npy stream, ND4J or a JSON summary (indices and labels, no pixels), whichever the
 * client accepts, straight to the response stream (with {@link BatchWriter}).
 */
class BatchMessageConverter extends AbstractHttpMessageConverter<Batch> {

    private final BatchWriter writer;

    public BatchMessageConverter(BatchWriter writer) {
        super(BatchMediaTypes.NPZ, BatchMediaTypes.ND4J, BatchMediaTypes.NPY, MediaType.APPLICATION_JSON);
        this.writer = writer;
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
            servlet.getServletResponse().setBufferSize(BatchWriter.responseBuffer(batch));
        }
        writer.write(batch, format(message.getHeaders().getContentType()), message.getBody());
    }

    @Override
    protected Long getContentLength(Batch batch, MediaType contentType) {
        return BatchWriter.contentLength(batch, format(contentType));
    }

    private static String format(MediaType type) {
        return BatchMediaTypes.formatName(type == null ? BatchMediaTypes.NPZ : type);
    }
}
