package dev.datagen.system;

import java.nio.file.Path;
import java.util.List;

import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where DataGen keeps its own state and which folders images may come from.
 *
 * @param storageDir the registry database (H2 profile) and the decoded-sample cache live here
 * @param dataRoots  the allow-list of folders that image paths may resolve into; the first one is the
 *                   default base directory of relative paths and receives the demo dataset
 */
@Validated
@ConfigurationProperties("datagen")
public record StorageProperties(
        @NotNull @DefaultValue("storage") Path storageDir,
        @NotEmpty @DefaultValue("data") List<Path> dataRoots) {
}
