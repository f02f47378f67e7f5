package dev.datagen.dataset;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

import dev.datagen.storage.DirectoryState;

/**
 * The {@code dataRoots} component of {@code /actuator/health}: one entry per folder of
 * {@code datagen.data-roots}, DOWN when any of them is missing or unreadable, since batches of datasets
 * whose images live there would fail. Writability and free space are reported but do not make a root
 * DOWN: the service only reads images (a read-only dataset mount is a normal setup); only the demo writes,
 * into the first root, and it reports its own error.
 */
@Component
class DataRootsHealthIndicator implements HealthIndicator {

    private final List<Path> roots;

    DataRootsHealthIndicator(DataRootsProperties storage) {
        this.roots = List.copyOf(storage.dataRoots());
    }

    @Override
    public Health health() {
        Map<String, Object> details = new LinkedHashMap<>();
        List<String> down = new ArrayList<>();
        for (Path root : roots) {
            DirectoryState state = DirectoryState.of(root);
            Map<String, Object> d = state.details();
            boolean up = state.directory() && state.readable();
            d.put("status", up ? "UP" : "DOWN");
            if (!up) {
                down.add(state.path().toString());
                d.put("reason", state.directory() ? "the folder cannot be read" : "the folder does not exist");
            }
            details.put(state.path().toString(), d);
        }
        Health.Builder health = down.isEmpty() ? Health.up() : Health.down().withDetail("down", down);
        return health.withDetail("roots", details).build();
    }
}
