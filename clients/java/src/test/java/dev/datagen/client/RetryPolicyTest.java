package dev.datagen.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    @Test
    void backoffGrowsExponentiallyUpToTheCap() {
        RetryPolicy p = new RetryPolicy(10, Duration.ofMillis(100), Duration.ofMillis(500), 2.0);
        assertEquals(100, p.backoff(1).toMillis());
        assertEquals(200, p.backoff(2).toMillis());
        assertEquals(400, p.backoff(3).toMillis());
        assertEquals(500, p.backoff(4).toMillis());
        assertEquals(500, p.backoff(9).toMillis());
    }

    @Test
    void refusesPoliciesThatNeverSendOrShrink() {
        assertThrows(IllegalArgumentException.class, () -> new RetryPolicy(0, Duration.ZERO, Duration.ZERO, 1));
        assertThrows(IllegalArgumentException.class,
                () -> new RetryPolicy(3, Duration.ofMillis(-1), Duration.ZERO, 1));
        assertThrows(IllegalArgumentException.class, () -> new RetryPolicy(3, Duration.ZERO, Duration.ZERO, 0.5));
    }
}
