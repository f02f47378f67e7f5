package dev.datagen.storage;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * What {@code /actuator/health} calls healthy.
 *
 * @param minFreeSpace the storage directory is DOWN when less than this is free: the registry database and
 *                     the decoded-sample cache could no longer be written
 */
@Validated
@ConfigurationProperties("datagen.health")
record HealthProperties(@DefaultValue("100MB") DataSize minFreeSpace) {
}
