package dev.datagen.generator;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import dev.datagen.problem.ProblemException;
import dev.datagen.problem.ProblemType;

/**
 * The heap that batches for waiting trainers may hold while they are built and written
 * ({@code datagen.limits.serving-memory}). Each batch reserves its size before it is built and gives it
 * back once written, so however many trainers ask at once, their batches fit in the heap: a request that
 * finds no room waits for some, and after {@link #WAIT} (30 s) gets a 503 with {@code Retry-After} instead of an
 * {@code OutOfMemoryError}. Prefetched batches have their own budget ({@code datagen.prefetch.max-memory}).
 */
@Component
class ServingMemory {

    static final Duration WAIT = Duration.ofSeconds(30);

    /** Permits are KiB, so a semaphore's int counts up to 2 TB. */
    private final Semaphore kib;
    private final long totalKib;
    private final Duration wait;

    @Autowired
    ServingMemory(GeneratorLimits limits) {
        this(limits.servingMemory().toBytes(), WAIT);
    }

    ServingMemory(long bytes, Duration wait) {
        this.totalKib = Math.max(1, bytes >> 10);
        this.kib = new Semaphore((int) Math.min(Integer.MAX_VALUE, totalKib), true);
        this.wait = wait;
    }

    /** Reserves {@code bytes}, waiting for room up to {@link #WAIT}; the returned release is idempotent. */
    Runnable reserve(long bytes) {
        int wanted = (int) Math.min(totalKib, (bytes + 1023) >> 10);
        try {
            if (!kib.tryAcquire(wanted, wait.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new ProblemException(ProblemType.SERVICE_BUSY, "Batches being built and sent hold all "
                        + (totalKib >> 10) + " MB set aside for them (datagen.limits.serving-memory); this one needs "
                        + (bytes >> 20) + " MB. Retry in a few seconds.");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for serving memory", e);
        }
        AtomicBoolean released = new AtomicBoolean();
        return () -> {
            if (released.compareAndSet(false, true)) {
                kib.release(wanted);
            }
        };
    }

    /** KiB not reserved now. */
    long availableKib() {
        return kib.availablePermits();
    }
}
