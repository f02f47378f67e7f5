package dev.datagen.system;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Bounds on what a request may make the service do: they keep memory bounded whatever the input.
 *
 * @param maxImagePixels largest width x height an image may declare; larger ones are refused before decoding
 * @param maxLineLength  longest line accepted in a list file
 * @param maxLabelWidth  most values in one label vector (classes)
 * @param maxBatchSize   most samples in one batch
 * @param maxBatchBytes  largest batch payload a generator may announce
 * @param maxShards      most shards a generator may be split into
 */
@Validated
@ConfigurationProperties("datagen.limits")
public record LimitsProperties(
        @Min(1) @DefaultValue("50000000") long maxImagePixels,
        @DefaultValue("1MB") DataSize maxLineLength,
        @Min(1) @Max(10_000_000) @DefaultValue("65536") int maxLabelWidth,
        @Min(1) @DefaultValue("8192") int maxBatchSize,
        @DefaultValue("1GB") DataSize maxBatchBytes,
        @Min(1) @DefaultValue("4096") int maxShards) {
}
