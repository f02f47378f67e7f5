package dev.datagen.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

/** The one pool of image work: bounded, in priority order, and a failure cancels what waits with it. */
class WorkerPoolTest {

    @Test
    void aBatchATrainerWaitsForGoesAheadOfPrefetchWhichGoesAheadOfRegistration() throws Exception {
        try (WorkerPool pool = new WorkerPool(1)) {
            CountDownLatch busy = new CountDownLatch(1);
            pool.submit(WorkerPool.Priority.SERVE, () -> busy.await(5, TimeUnit.SECONDS));
            List<String> order = Collections.synchronizedList(new ArrayList<>());
            List<Future<Boolean>> queued = new ArrayList<>();
            queued.add(pool.submit(WorkerPool.Priority.REGISTER, () -> order.add("register")));
            queued.add(pool.submit(WorkerPool.Priority.PREFETCH, () -> order.add("prefetch-1")));
            queued.add(pool.submit(WorkerPool.Priority.SERVE, () -> order.add("serve")));
            queued.add(pool.submit(WorkerPool.Priority.PREFETCH, () -> order.add("prefetch-2")));
            busy.countDown();
            WorkerPool.joinAll(queued);
            assertThat(order).containsExactly("serve", "prefetch-1", "prefetch-2", "register");
        }
    }

    @Test
    void noMoreTasksRunAtOnceThanThePoolHasThreads() throws Exception {
        try (WorkerPool pool = new WorkerPool(2)) {
            AtomicInteger running = new AtomicInteger();
            AtomicInteger most = new AtomicInteger();
            List<Future<Integer>> tasks = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                tasks.add(pool.submit(WorkerPool.Priority.SERVE, () -> {
                    most.accumulateAndGet(running.incrementAndGet(), Math::max);
                    Thread.sleep(2);
                    return running.decrementAndGet();
                }));
            }
            WorkerPool.joinAll(tasks);
            assertThat(most.get()).isEqualTo(2);
        }
    }

    @Test
    void theFirstFailureIsRethrownAsItWasAndTheTasksStillWaitingAreCancelled() {
        try (WorkerPool pool = new WorkerPool(1)) {
            CountDownLatch release = new CountDownLatch(1);
            List<Future<Integer>> tasks = new ArrayList<>();
            tasks.add(pool.submit(WorkerPool.Priority.SERVE, () -> {
                release.await(5, TimeUnit.SECONDS);
                throw new IllegalArgumentException("sample 3 is unreadable");
            }));
            for (int i = 0; i < 5; i++) {
                tasks.add(pool.submit(WorkerPool.Priority.SERVE, () -> {
                    Thread.sleep(300);
                    return 1;
                }));
            }
            release.countDown();
            assertThatThrownBy(() -> WorkerPool.joinAll(tasks)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("sample 3 is unreadable");
            // at most one of them had started on the single thread; the rest never will
            assertThat(tasks.subList(1, 6).stream().filter(Future::isCancelled).count()).isGreaterThanOrEqualTo(4);
        }
    }

    @Test
    void callRunsOnThePoolAndReturnsTheResult() {
        try (WorkerPool pool = new WorkerPool(1)) {
            assertThat(pool.call(WorkerPool.Priority.SERVE, () -> Thread.currentThread().getName()))
                    .startsWith("datagen-worker-");
        }
    }
}
