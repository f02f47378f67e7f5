package dev.datagen.dataset;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Limits of a registration upload. List files of a million samples are tens of MB, so the defaults leave
 * room for that while refusing anything that would fill the disk; parts larger than {@code fileSizeThreshold}
 * are spooled to a temporary file rather than held in memory.
 *
 * @param maxFileSize       largest single list file (413 beyond)
 * @param maxRequestSize    largest whole registration request (413 beyond)
 * @param fileSizeThreshold parts above this size go to disk while the request is read
 */
@Validated
@ConfigurationProperties("datagen.upload")
record UploadProperties(
        @DefaultValue("256MB") DataSize maxFileSize,
        @DefaultValue("512MB") DataSize maxRequestSize,
        @DefaultValue("1MB") DataSize fileSizeThreshold) {
}
