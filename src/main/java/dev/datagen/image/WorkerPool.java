package dev.datagen.image;

import java.util.concurrent.Callable;
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

    /** Tasks waiting for a thread. */
    public int queued() {
        return executor.getQueue().size();
    }

    public <T> FutureTask<T> submit(Priority priority, Callable<T> task) {
        Task<T> future = new Task<>(task, priority.ordinal(), sequence.incrementAndGet());
        executor.execute(future);
        return future;
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
