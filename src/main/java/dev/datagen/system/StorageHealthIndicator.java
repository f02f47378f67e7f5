package dev.datagen.system;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

import dev.datagen.cache.SampleCache;

/**
 * The {@code storage} component of {@code /actuator/health}: the storage directory holds the H2 registry
 * and the decoded-sample cache, so it is DOWN when it is missing, unreadable, unwritable or has less than
 * {@code datagen.health.min-free-space} free. Also shows how much of the cache budget is taken.
 */
@Component
class StorageHealthIndicator implements HealthIndicator {

    private final StorageProperties storage;
    private final HealthProperties properties;
    private final SampleCache cache;

    StorageHealthIndicator(StorageProperties storage, HealthProperties properties, SampleCache cache) {
        this.storage = storage;
        this.properties = properties;
        this.cache = cache;
    }

    @Override
    public Health health() {
        DirectoryState state = DirectoryState.of(storage.storageDir());
        long threshold = properties.minFreeSpace().toBytes();
        Health.Builder health = Health.up().withDetails(state.details())
                .withDetail("threshold", threshold)
                .withDetail("cacheBytes", cache.reservedBytes())
                .withDetail("cacheMaxBytes", cache.maxBytes());
        String problem = !state.directory() ? "the storage directory does not exist"
                : !state.readable() ? "the storage directory cannot be read"
                : !state.writable() ? "the storage directory cannot be written"
                : state.free() >= 0 && state.free() < threshold
                        ? "only " + state.free() + " bytes are free, below datagen.health.min-free-space (" + threshold + ")"
                : null;
        return problem == null ? health.build() : health.down().withDetail("reason", problem).build();
    }
}
