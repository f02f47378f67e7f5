package dev.datagen.generator;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Which epochs of each (generator, shard) are being read, so that the batches built ahead for an epoch a trainer
 * left behind can go at once while those of an epoch another trainer still reads stay. Two trainers may read one
 * shard at different epochs (a second run of a script, a validation pass over the same generator); dropping every
 * earlier epoch's batches at each request, as before, made the one further behind build every batch on demand.
 *
 * <p>Requests are numbered in arrival order rather than timed, so the order is exact even when two requests fall
 * in one clock tick: an epoch was left behind when its last request came before the first request of a later one.
 */
final class EpochReads {

    private record Key(String generatorId, int shard, long epoch) {
    }

    private record Reads(long first, long last, long lastNanos) {
    }

    private final AtomicLong ticket = new AtomicLong();
    private final ConcurrentHashMap<Key, Reads> reads = new ConcurrentHashMap<>();

    /** Notes a request for the job's batch. */
    void record(BatchJob job) {
        long n = ticket.incrementAndGet();
        long now = System.nanoTime();
        reads.merge(key(job), new Reads(n, n, now),
                (old, fresh) -> new Reads(old.first(), Math.max(old.last(), fresh.last()),
                        Math.max(old.lastNanos(), fresh.lastNanos())));
    }

    /**
     * Whether {@code epoch} of the job's shard, earlier than the job's, was left behind: nobody asked for it since
     * the job's epoch was first asked for (or nobody asked for it within the memory of this class).
     */
    boolean leftBehind(BatchJob job, long epoch) {
        Reads earlier = reads.get(new Key(job.generator().id(), job.shard(), epoch));
        Reads current = reads.get(key(job));
        return earlier == null || current == null || earlier.last() < current.first();
    }

    /** Forgets the epochs nobody asked for within {@code nanos}: their batches expire by then too. */
    void forgetOlderThan(long nanos) {
        long now = System.nanoTime();
        reads.values().removeIf(r -> now - r.lastNanos() > nanos);
    }

    void forget(String generatorId) {
        reads.keySet().removeIf(k -> k.generatorId().equals(generatorId));
    }

    int size() {
        return reads.size();
    }

    private static Key key(BatchJob job) {
        return new Key(job.generator().id(), job.shard(), job.epoch());
    }
}
