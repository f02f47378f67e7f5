package dev.datagen.payload;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Batch buffers.
 *
 * @param pooledMemory heap kept for reuse by batch arrays once their batch has been written, at most an
 *                     eighth of the JVM's maximum heap
 */
@Validated
@ConfigurationProperties("datagen.buffers")
public record PoolProperties(@DefaultValue("256MB") DataSize pooledMemory) {

    /** The budget actually used: never more than an eighth of the heap. */
    public long effectivePooledMemory() {
        return Math.min(pooledMemory.toBytes(), Runtime.getRuntime().maxMemory() / 8);
    }
}
