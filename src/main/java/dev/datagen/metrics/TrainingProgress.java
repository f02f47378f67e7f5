package dev.datagen.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.LongSupplier;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Where the trainers of each generator are: per shard, the last (epoch, batch) this replica served, when,
 * and at what rate. Held in memory for a day after the last batch, for at most 10,000 generators (the
 * least recently served are forgotten first), so a trainer that stopped still shows when and where.
 */
@Component
public class TrainingProgress {

    /** A generator whose last batch is younger than this is training now. */
    public static final Duration ACTIVE = Duration.ofMinutes(1);
    private static final long MINUTE = 60_000;

    public record ShardProgress(int shard, long epoch, long batch, long batches, Instant servedAt,
            double samplesPerSecond) {
    }

    public record GeneratorProgress(String generator, String dataset, boolean active, Instant lastServedAt,
            List<ShardProgress> shards) {
    }

    /** One shard's last batch and its samples per clock minute (this one and the one before). */
    private static final class Shard {
        long epoch;
        long batch;
        long batches;
        long servedAt;
        long minute;
        long thisMinute;
        long lastMinute;

        synchronized void served(long epoch, long batch, long batches, int samples, long now) {
            this.epoch = epoch;
            this.batch = batch;
            this.batches = batches;
            this.servedAt = now;
            long m = now / MINUTE;
            if (m != minute) {
                lastMinute = m == minute + 1 ? thisMinute : 0;
                thisMinute = 0;
                minute = m;
            }
            thisMinute += samples;
        }

        /** Samples per second over the last 60 s, the previous minute weighted by how much of it is inside. */
        synchronized ShardProgress view(int shard, long now) {
            long m = now / MINUTE;
            double inside = 1 - (double) (now % MINUTE) / MINUTE;
            double samples = m == minute ? thisMinute + lastMinute * inside : m == minute + 1 ? thisMinute * inside : 0;
            return new ShardProgress(shard, epoch, batch, batches, Instant.ofEpochMilli(servedAt), samples / 60);
        }
    }

    private record Trainer(String dataset, Map<Integer, Shard> shards) {
    }

    private final LongSupplier clock;
    private final Cache<String, Trainer> trainers;

    @Autowired
    public TrainingProgress() {
        this(System::currentTimeMillis);
    }

    /** @param clockMillis the time in epoch milliseconds */
    public TrainingProgress(LongSupplier clockMillis) {
        this.clock = clockMillis;
        this.trainers = Caffeine.newBuilder().maximumSize(10_000).expireAfterAccess(Duration.ofDays(1))
                .ticker(() -> clockMillis.getAsLong() * 1_000_000).build();
    }

    /** Batch {@code batch} of {@code batches} of epoch {@code epoch} of a shard went to a trainer. */
    public void served(String generatorId, String dataset, int shard, long epoch, long batch, long batches,
            int samples) {
        Trainer t = trainers.get(generatorId, id -> new Trainer(dataset, new ConcurrentSkipListMap<>()));
        t.shards().computeIfAbsent(shard, k -> new Shard()).served(epoch, batch, batches, samples, clock.getAsLong());
    }

    /** The generator's progress; no shards and not active when it has served nothing here. */
    public GeneratorProgress of(String generatorId, String dataset) {
        Trainer t = trainers.getIfPresent(generatorId);
        return t == null ? new GeneratorProgress(generatorId, dataset, false, null, List.of()) : view(generatorId, t);
    }

    /** Generators that served a batch within {@code within}, the most recent first. */
    public List<GeneratorProgress> recent(Duration within) {
        long since = clock.getAsLong() - within.toMillis();
        List<GeneratorProgress> out = new ArrayList<>();
        trainers.asMap().forEach((id, t) -> {
            GeneratorProgress p = view(id, t);
            if (p.lastServedAt() != null && p.lastServedAt().toEpochMilli() >= since) {
                out.add(p);
            }
        });
        out.sort(Comparator.comparing(GeneratorProgress::lastServedAt).reversed());
        return out;
    }

    public void forget(String generatorId) {
        trainers.invalidate(generatorId);
    }

    /** Forgets every generator of a deleted dataset: they can serve no trainer any more. */
    public void forgetDataset(String dataset) {
        trainers.asMap().values().removeIf(t -> t.dataset().equals(dataset));
    }

    private GeneratorProgress view(String id, Trainer t) {
        long now = clock.getAsLong();
        List<ShardProgress> shards = new ArrayList<>();
        t.shards().forEach((k, s) -> shards.add(s.view(k, now)));
        Instant last = shards.stream().map(ShardProgress::servedAt).max(Comparator.naturalOrder()).orElse(null);
        boolean active = last != null && now - last.toEpochMilli() < ACTIVE.toMillis();
        return new GeneratorProgress(id, t.dataset(), active, last, shards);
    }
}
