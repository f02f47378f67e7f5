package dev.datagen.client;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The service could not be reached (connection refused, reset or timed out) on any of the attempts the
 * {@link RetryPolicy} allowed. The cause is the last attempt's failure.
 */
public class DataGenUnreachableException extends UncheckedIOException {

    private final int attempts;

    public DataGenUnreachableException(String request, int attempts, IOException cause) {
        super(request + " failed after " + attempts + (attempts == 1 ? " attempt" : " attempts") + ": "
                + cause, cause);
        this.attempts = attempts;
    }

    /** How many times the request was sent. */
    public int attempts() {
        return attempts;
    }
}
