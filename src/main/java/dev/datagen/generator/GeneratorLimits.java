package dev.datagen.generator;

import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Bounds on the batches a generator may be asked for. The two memory bounds follow the heap the JVM was
 * given (-Xmx), so a small heap gets small limits rather than an {@code OutOfMemoryError}; set explicitly,
 * they must fit in it or the service refuses to start.
 *
 * @param maxBatchSize  most samples in one batch
 * @param maxBatchBytes largest batch payload a generator may announce; default an eighth of the heap, at
 *                      most 1GB
 * @param maxShards     most shards a generator may be split into
 * @param servingMemory heap that batches being built for a waiting trainer and written to it may hold at
 *                      once; default a quarter of the heap. A request beyond it waits, then gets a 503
 */
@Validated
@ConfigurationProperties("datagen.limits")
record GeneratorLimits(
        @Min(1) @DefaultValue("8192") int maxBatchSize,
        DataSize maxBatchBytes,
        @Min(1) @DefaultValue("4096") int maxShards,
        DataSize servingMemory) {

    public GeneratorLimits {
        long heap = Runtime.getRuntime().maxMemory();
        if (servingMemory == null) {
            servingMemory = DataSize.ofBytes(heap / 4);
        } else if (servingMemory.toBytes() > heap / 2) {
            throw new IllegalArgumentException("datagen.limits.serving-memory (" + shown(servingMemory) + ") is more "
                    + "than half of the heap (-Xmx, " + heap / (1 << 20) + "MB); lower it or give the JVM more heap");
        }
        if (maxBatchBytes == null) {
            maxBatchBytes = DataSize.ofBytes(Math.min(1L << 30, Math.min(heap / 8, servingMemory.toBytes())));
        } else if (maxBatchBytes.toBytes() > servingMemory.toBytes()) {
            throw new IllegalArgumentException("datagen.limits.max-batch-bytes (" + shown(maxBatchBytes) + ") is more "
                    + "than the memory set aside for batches being served (datagen.limits.serving-memory, "
                    + shown(servingMemory) + " with a " + heap / (1 << 20) + "MB heap); lower it, or give the JVM "
                    + "more heap (-Xmx)");
        }
    }

    /** 1GB, 64MB, 300KB or 17B: the largest unit that divides it. */
    static String shown(DataSize size) {
        long b = size.toBytes();
        String[] units = {"B", "KB", "MB", "GB", "TB"};
        int u = 0;
        while (u < units.length - 1 && b != 0 && b % 1024 == 0) {
            b /= 1024;
            u++;
        }
        return b + units[u];
    }
}
