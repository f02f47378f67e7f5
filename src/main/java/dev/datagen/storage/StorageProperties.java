package dev.datagen.storage;

import java.nio.file.Path;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where DataGen keeps its own state.
 *
 * @param storageDir the registry database (H2 profile) and the decoded-sample cache live here; absolute by
 *                   the time it is bound ({@link StorageLocations})
 */
@Validated
@ConfigurationProperties("datagen")
public record StorageProperties(@NotNull @DefaultValue("storage") Path storageDir) {
}
