package dev.datagen.client;

import java.time.Duration;

/**
 * How often, and how patiently, a request is sent again after a connection error (refused, reset, timed
 * out) or a 502, 503 or 504 answer. Waits grow exponentially: {@code initialBackoff},
 * {@code initialBackoff * multiplier}, ... capped at {@code maxBackoff}; there is no jitter, so a test can
 * bound the total wait.
 *
 * <p>Reads (every GET, including batches) are retried on any of these failures; registrations and
 * generator creation only when the connection was never made, because they are not idempotent.
 *
 * @param maxAttempts    how many times a request is sent at most (1 = no retry)
 * @param initialBackoff the wait before the second attempt
 * @param maxBackoff     the longest single wait
 * @param multiplier     growth of the wait per attempt (at least 1)
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff, double multiplier) {

    /** Five attempts, waiting 0.2, 0.4, 0.8 and 1.6 s: rides out a service restart of a few seconds. */
    public static final RetryPolicy DEFAULT = new RetryPolicy(5, Duration.ofMillis(200), Duration.ofSeconds(5), 2.0);

    /** One attempt, no retry. */
    public static final RetryPolicy NONE = new RetryPolicy(1, Duration.ZERO, Duration.ZERO, 1.0);

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
        }
        if (initialBackoff == null || initialBackoff.isNegative() || maxBackoff == null || maxBackoff.isNegative()) {
            throw new IllegalArgumentException("back-off durations must be zero or positive");
        }
        if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
            throw new IllegalArgumentException("multiplier must be a finite number of at least 1, got " + multiplier);
        }
    }

    /** The wait after failed attempt {@code attempt} (from 1) before the next one. */
    public Duration backoff(int attempt) {
        double millis = initialBackoff.toMillis() * Math.pow(multiplier, attempt - 1);
        return Duration.ofMillis((long) Math.min(millis, maxBackoff.toMillis()));
    }
}
