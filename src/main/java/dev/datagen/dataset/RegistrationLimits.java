package dev.datagen.dataset;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Bounds on what a registration may make the service hold, whatever its list files.
 *
 * @param maxLineLength longest line accepted in a list file
 * @param maxLabelWidth most values in the label vectors of one sample, all outputs together (classes)
 */
@Validated
@ConfigurationProperties("datagen.limits")
record RegistrationLimits(
        @DefaultValue("1MB") DataSize maxLineLength,
        @Min(1) @Max(10_000_000) @DefaultValue("65536") int maxLabelWidth) {
}
