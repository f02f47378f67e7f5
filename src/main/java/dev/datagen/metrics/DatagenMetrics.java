package dev.datagen.metrics;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Every meter DataGen records, in one place. In Prometheus they read {@code datagen_batches_served_total},
 * {@code datagen_samples_served_total}, {@code datagen_bytes_served_total}, {@code datagen_batch_seconds},
 * {@code datagen_decode_seconds}, {@code datagen_cache_hits_total}, {@code datagen_cache_misses_total},
 * {@code datagen_prefetch_hits_total}, {@code datagen_prefetch_misses_total},
 * {@code datagen_samples_skipped_total}, {@code datagen_registrations_total} and
 * {@code datagen_registrations_refused_total}. Served batches and cache lookups also feed {@link #throughput()},
 * the last five minutes per second, which the dashboard shows.
 */
@Component
public class DatagenMetrics {

    private final MeterRegistry registry;
    private final Timer decode;
    private final Counter cacheHits;
    private final Counter cacheMisses;
    private final Counter prefetchHits;
    private final Counter prefetchMisses;
    private final Counter registrations;
    private final Throughput throughput = new Throughput(System::currentTimeMillis);

    public DatagenMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.decode = Timer.builder("datagen.decode").description("Decoding and resizing one image")
                .publishPercentiles(0.5, 0.99).register(registry);
        this.cacheHits = Counter.builder("datagen.cache.hits")
                .description("Decoded samples read from the cache").register(registry);
        this.cacheMisses = Counter.builder("datagen.cache.misses")
                .description("Samples that had to be decoded").register(registry);
        this.prefetchHits = Counter.builder("datagen.prefetch.hits")
                .description("Batches served from prefetch").register(registry);
        this.prefetchMisses = Counter.builder("datagen.prefetch.misses")
                .description("Batches assembled while the trainer waited").register(registry);
        this.registrations = Counter.builder("datagen.registrations")
                .description("Datasets registered").register(registry);
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** Recent per-second throughput and cache lookups, for the dashboard. */
    public Throughput throughput() {
        return throughput;
    }

    /** Lifetime decoded-sample cache hits / (hits + misses); null before the first lookup. */
    public Double cacheHitRatio() {
        double hits = cacheHits.count();
        double total = hits + cacheMisses.count();
        return total == 0 ? null : hits / total;
    }

    /** A batch of a generator written to a trainer. */
    public void batchServed(String dataset, String generatorId, String format, int samples, long bytes) {
        Counter.builder("datagen.batches.served").description("Batches served")
                .tags("dataset", dataset, "format", format).register(registry).increment();
        Counter.builder("datagen.samples.served").description("Samples served in batches")
                .tags("dataset", dataset, "format", format).register(registry).increment(samples);
        Counter.builder("datagen.bytes.served").description("Payload bytes served")
                .tags("dataset", dataset, "format", format).register(registry).increment(bytes);
        throughput.served(dataset, generatorId, samples, bytes);
    }

    /** Time to assemble one batch (decode, augment, convert), whether for a trainer or for prefetch. */
    public void batchAssembled(String dataset, Duration took) {
        Timer.builder("datagen.batch").description("Assembling one batch")
                .publishPercentiles(0.5, 0.9, 0.99).publishPercentileHistogram(false)
                .tags("dataset", dataset).register(registry).record(took);
    }

    public void decoded(long nanos) {
        decode.record(nanos, TimeUnit.NANOSECONDS);
    }

    public void cacheHit() {
        cacheHits.increment();
        throughput.cacheHit();
    }

    public void cacheMiss() {
        cacheMisses.increment();
        throughput.cacheMiss();
    }

    public void prefetchHit() {
        prefetchHits.increment();
    }

    public void prefetchMiss() {
        prefetchMisses.increment();
    }

    /** Counted when a batch is served, like the samples: a batch built ahead and never asked for counts nothing. */
    public void samplesSkipped(String dataset, int skipped) {
        Counter.builder("datagen.samples.skipped").description("Unreadable samples replaced under onError=skip, in served batches")
                .tags("dataset", dataset).register(registry).increment(skipped);
    }

    /**
     * Removes the meters of a deleted dataset: a registry where datasets come and go would otherwise keep
     * every name's series forever, in memory and in every Prometheus scrape.
     */
    public void forgetDataset(String dataset) {
        registry.getMeters().stream()
                .filter(m -> m.getId().getName().startsWith("datagen.") && dataset.equals(m.getId().getTag("dataset")))
                .toList()
                .forEach(registry::remove);
        throughput.forgetDataset(dataset);
    }

    public void registered() {
        registrations.increment();
    }

    public void registrationRefused(String reason) {
        Counter.builder("datagen.registrations.refused").description("Registrations refused")
                .tags("reason", reason).register(registry).increment();
    }
}
