package dev.datagen.image;

import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The bound on any image the service decodes.
 *
 * @param maxImagePixels largest width x height an image may declare; larger ones are refused from their
 *                       header, before any pixel memory is allocated (decompression bombs)
 */
@Validated
@ConfigurationProperties("datagen.limits")
public record ImageLimits(@Min(1) @DefaultValue("50000000") long maxImagePixels) {
}
