package dev.datagen.dataset;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

import dev.datagen.objects.ObjectAddress;
import dev.datagen.objects.ObjectStore;
import dev.datagen.objects.ObjectStoreException;

import dev.datagen.storage.DirectoryState;

/**
 * The {@code dataRoots} component of {@code /actuator/health}: one entry per folder or {@code s3://} prefix of
 * {@code datagen.data-roots}, DOWN when any of them is missing or unreadable, since batches of datasets
 * whose images live there would fail. Writability and free space are reported but do not make a root
 * DOWN: the service only reads images (a read-only dataset mount is a normal setup); only the demo writes,
 * into the first root, and it reports its own error. A prefix is checked by listing one key, at most every
 * ten seconds (health is polled; the store is not hammered); the reason says why it is DOWN (no such bucket,
 * credentials refused, store unreachable), never a credential.
 */
@Component
class DataRootsHealthIndicator implements HealthIndicator {

    private static final Duration RECHECK = Duration.ofSeconds(10);

    private final DataRoots roots;
    private final ObjectStore objects;
    private volatile Instant checkedAt = Instant.EPOCH;
    private volatile Map<String, String> bucketReasons = Map.of();

    DataRootsHealthIndicator(DataRoots roots, ObjectStore objects) {
        this.roots = roots;
        this.objects = objects;
    }

    @Override
    public Health health() {
        Map<String, Object> details = new LinkedHashMap<>();
        List<String> down = new ArrayList<>();
        for (String root : roots.roots()) {
            if (ObjectAddress.isAddress(root)) {
                continue;
            }
            DirectoryState state = DirectoryState.of(Path.of(root));
            Map<String, Object> d = state.details();
            boolean up = state.directory() && state.readable();
            d.put("status", up ? "UP" : "DOWN");
            if (!up) {
                down.add(state.path().toString());
                d.put("reason", state.directory() ? "the folder cannot be read" : "the folder does not exist");
            }
            details.put(state.path().toString(), d);
        }
        bucketReasons().forEach((root, reason) -> {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("status", reason == null ? "UP" : "DOWN");
            if (reason != null) {
                d.put("reason", reason);
                down.add(root);
            }
            details.put(root, d);
        });
        Health.Builder health = down.isEmpty() ? Health.up() : Health.down().withDetail("down", down);
        return health.withDetail("roots", details).build();
    }

    /** Per prefix root, why it cannot be read (null: it can), checked again when older than ten seconds. */
    private Map<String, String> bucketReasons() {
        if (roots.buckets().isEmpty() || Instant.now().isBefore(checkedAt.plus(RECHECK))) {
            return bucketReasons;
        }
        Map<String, String> reasons = new LinkedHashMap<>();
        for (ObjectAddress root : roots.buckets()) {
            try {
                objects.checkReadable(root);
                reasons.put(root.toString(), null);
            } catch (ObjectStoreException e) {
                reasons.put(root.toString(), e.getMessage());
            }
        }
        bucketReasons = reasons;
        checkedAt = Instant.now();
        return reasons;
    }
}
