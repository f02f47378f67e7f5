package dev.datagen.image;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The one bounded pool on which all image work runs (decode, resize, augment, registration checks), sized
 * to the cores. Tasks never wait on other tasks, so the pool cannot deadlock; a batch a trainer is waiting
 * for goes ahead of prefetching, which goes ahead of registration checks.
 */
public final class WorkerPool implements AutoCloseable {

    /** Lower runs first. */
    public enum Priority { SERVE, PREFETCH, REGISTER }

    private final ThreadPoolExecutor executor;
    private final AtomicLong sequence = new AtomicLong();

    public WorkerPool(int threads) {
        AtomicInteger n = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
                new PriorityBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "datagen-worker-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
    }

    public int threads() {
        return executor.getMaximumPoolSize();
    }

    public <T> FutureTask<T> submit(Priority priority, Callable<T> task) {
        Task<T> future = new Task<>(task, priority.ordinal(), sequence.incrementAndGet());
        executor.execute(future);
        return future;
    }

    /**
     * Runs {@code task} on the pool and waits for it: native image work a request asks for runs with bounded
     * concurrency, however many requests arrive at once.
     */
    public <T> T call(Priority priority, Callable<T> task) {
        return joinAll(List.of(submit(priority, task))).get(0);
    }

    /**
     * The results of {@code futures}, in order. On the first failure the others are cancelled and its
     * exception is rethrown as it was thrown (a RuntimeException; anything else is wrapped).
     */
    public static <T> List<T> joinAll(List<? extends Future<T>> futures) {
        List<T> results = new ArrayList<>(futures.size());
        try {
            for (Future<T> f : futures) {
                results.add(f.get());
            }
            return results;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            futures.forEach(f -> f.cancel(true));
            throw new IllegalStateException("interrupted while waiting for image work", e);
        } catch (ExecutionException e) {
            futures.forEach(f -> f.cancel(true));
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }

    private static final class Task<T> extends FutureTask<T> implements Comparable<Task<?>> {
        private final int priority;
        private final long sequence;

        Task(Callable<T> callable, int priority, long sequence) {
            super(callable);
            this.priority = priority;
            this.sequence = sequence;
        }

        @Override
        public int compareTo(Task<?> other) {
            int c = Integer.compare(priority, other.priority);
            return c != 0 ? c : Long.compare(sequence, other.sequence);
        }
    }
}
