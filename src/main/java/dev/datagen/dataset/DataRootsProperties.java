package dev.datagen.dataset;

import java.nio.file.Path;
import java.util.List;

import jakarta.validation.constraints.NotEmpty;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Which folders images may come from.
 *
 * @param dataRoots the allow-list of folders that image paths may resolve into; the first one is the
 *                  default base directory of relative paths and receives the demo dataset
 */
@Validated
@ConfigurationProperties("datagen")
record DataRootsProperties(@NotEmpty @DefaultValue("data") List<Path> dataRoots) {
}
