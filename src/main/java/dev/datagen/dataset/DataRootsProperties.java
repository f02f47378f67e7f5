package dev.datagen.dataset;

import java.util.List;

import jakarta.validation.constraints.NotEmpty;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Which folders and object-store prefixes images may come from.
 *
 * @param dataRoots the allow-list of folders, and of {@code s3://bucket/prefix} prefixes, that image paths may
 *                  resolve into; the first one is the default base of relative paths, and the first folder
 *                  receives the demo dataset
 */
@Validated
@ConfigurationProperties("datagen")
record DataRootsProperties(@NotEmpty @DefaultValue("data") List<String> dataRoots) {
}
