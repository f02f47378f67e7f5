package dev.datagen.cache;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * The decoded-sample cache under {@code datagen.storage-dir/cache}.
 *
 * @param enabled whether decoded samples are kept at all
 * @param maxSize disk space the cache may take; least recently used stores are dropped beyond it
 */
@Validated
@ConfigurationProperties("datagen.cache")
record CacheProperties(@DefaultValue("true") boolean enabled, @DefaultValue("4GB") DataSize maxSize) {
}
