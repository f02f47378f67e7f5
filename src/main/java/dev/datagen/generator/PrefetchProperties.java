package dev.datagen.generator;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Background assembly of the batches a trainer will ask for next.
 *
 * @param enabled   whether to prefetch at all
 * @param depth     batches built ahead of the last one served, per (generator, shard)
 * @param maxMemory heap that prefetched batches may hold in all, at most a quarter of the JVM's maximum heap;
 *                  a batch that does not fit is not prefetched
 * @param ttl       a prefetched batch nobody asks for within this time is dropped
 */
@Validated
@ConfigurationProperties("datagen.prefetch")
record PrefetchProperties(
        @DefaultValue("true") boolean enabled,
        @Min(0) @Max(64) @DefaultValue("4") int depth,
        @DefaultValue("512MB") DataSize maxMemory,
        @DefaultValue("2m") Duration ttl) {

    /** The budget actually used: never more than a quarter of the heap, so a small -Xmx stays safe. */
    public long effectiveMaxMemory() {
        return Math.min(maxMemory.toBytes(), Runtime.getRuntime().maxMemory() / 4);
    }
}
