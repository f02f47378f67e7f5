package dev.datagen.storage;

import java.util.List;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;


/**
 * The {@code storage} component of {@code /actuator/health}: the storage directory holds the H2 registry
 * and the decoded-sample cache, so it is DOWN when it is missing, unreadable, unwritable or has less than
 * {@code datagen.health.min-free-space} free. Also shows what uses it ({@link StorageUsage}: how much of the
 * cache budget is taken).
 */
@Component
class StorageHealthIndicator implements HealthIndicator {

    private final StorageProperties storage;
    private final HealthProperties properties;
    private final List<StorageUsage> usages;

    StorageHealthIndicator(StorageProperties storage, HealthProperties properties, List<StorageUsage> usages) {
        this.storage = storage;
        this.properties = properties;
        this.usages = List.copyOf(usages);
    }

    @Override
    public Health health() {
        DirectoryState state = DirectoryState.of(storage.storageDir());
        long threshold = properties.minFreeSpace().toBytes();
        Health.Builder health = Health.up().withDetails(state.details())
                .withDetail("threshold", threshold);
        usages.forEach(u -> health.withDetails(u.usage()));
        String problem = !state.directory() ? "the storage directory does not exist"
                : !state.readable() ? "the storage directory cannot be read"
                : !state.writable() ? "the storage directory cannot be written"
                : state.free() >= 0 && state.free() < threshold
                        ? "only " + state.free() + " bytes are free, below datagen.health.min-free-space (" + threshold + ")"
                : null;
        return problem == null ? health.build() : health.down().withDetail("reason", problem).build();
    }
}
