package dev.datagen.problem;

import java.io.IOException;

/**
 * Thrown by a request body's stream once more than its limit has been read; whatever reads the body (a
 * JSON parser) passes it up, and {@link ProblemHandler} answers 413 {@code request-too-large}.
 */
public final class BodyTooLargeException extends IOException {

    private final long max;

    public BodyTooLargeException(long max) {
        super("request body over " + max + " bytes", null);
        this.max = max;
    }

    public long max() {
        return max;
    }

    /** The problem for a body of {@code size} bytes (or "more than" the limit, when it was not declared). */
    public static org.springframework.http.ProblemDetail problem(String size, long max) {
        org.springframework.http.ProblemDetail p = Problems.of(ProblemType.REQUEST_TOO_LARGE, "The request body ("
                + size + ") is larger than the " + max + " bytes this endpoint accepts (datagen.limits.max-request-body).");
        p.setProperty("maxRequestBody", max);
        return p;
    }
}
