package dev.datagen.web;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Bounds on every request body and every listing.
 *
 * @param maxRequestBody largest request body other than a registration upload (JSON, forms)
 * @param maxPageSize    most items in one page of a list ({@code ?size=})
 */
@Validated
@ConfigurationProperties("datagen.limits")
public record RequestLimits(
        @DefaultValue("1MB") DataSize maxRequestBody,
        @Min(1) @Max(10_000) @DefaultValue("200") int maxPageSize) {
}
