package dev.datagen.generator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.datagen.problem.ProblemException;
import dev.datagen.problem.ProblemType;

class ServingMemoryTest {

    @Test
    void aReservationWaitsForRoomAndGetsItWhenAnEarlierBatchIsWritten() throws Exception {
        ServingMemory memory = new ServingMemory(10 << 20, Duration.ofSeconds(20));
        Runnable first = memory.reserve(6 << 20);
        CompletableFuture<Runnable> second = CompletableFuture.supplyAsync(() -> memory.reserve(6 << 20));

        Thread.sleep(300);
        assertThat(second).as("no room for a second 6 MB batch in 10 MB").isNotDone();
        first.run();
        first.run(); // giving back twice gives back once
        Runnable got = second.get(5, TimeUnit.SECONDS);
        assertThat(memory.availableKib()).isEqualTo(4 << 10);
        got.run();
        assertThat(memory.availableKib()).isEqualTo(10 << 10);
    }

    @Test
    void aReservationThatFindsNoRoomInTimeIsA503WithRetryAfter() {
        ServingMemory memory = new ServingMemory(10 << 20, Duration.ofMillis(200));
        memory.reserve(8 << 20);

        assertThatThrownBy(() -> memory.reserve(4 << 20)).isInstanceOfSatisfying(ProblemException.class, e -> {
            assertThat(e.type()).isEqualTo(ProblemType.SERVICE_BUSY);
            assertThat(e.properties()).containsEntry("retryAfterSeconds", 5);
            assertThat(e.getMessage()).contains("datagen.limits.serving-memory");
        });
        assertThat(memory.availableKib()).isEqualTo(2 << 10);
    }
}
