package dev.datagen.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Resolves {@code datagen.storage-dir} and {@code datagen.data-roots} against the working directory once,
 * before anything reads them, and makes sure the storage directory can be used.
 *
 * <p>Why here and not in the beans that use them: the H2 URL is built from the storage directory by
 * property placeholder, and H2 2.x refuses a path that is implicitly relative ({@code storage/registry});
 * every later reader (Flyway, the cache, the health indicators) then sees the same absolute path. A
 * storage directory that cannot be created or written stops start-up with one sentence naming the path
 * and the reason ({@link LocationFailureAnalyzer}), instead of a database stack trace.
 */
public final class StorageLocations implements EnvironmentPostProcessor, Ordered {

    static final String SOURCE = "datagenResolvedLocations";

    private final Log log;

    public StorageLocations(DeferredLogFactory logs) {
        this.log = logs.getLog(StorageLocations.class);
    }

    @Override
    public int getOrder() {
        // after application.properties and the command line are loaded (ConfigData runs at HIGHEST + 10)
        return Ordered.LOWEST_PRECEDENCE;
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        Path cwd = Path.of("").toAbsolutePath();
        Map<String, Object> resolved = resolve(environment, cwd);
        log.info("storage directory " + resolved.get("datagen.storage-dir") + " (registry and decoded-sample cache); "
                + "data roots " + resolved.entrySet().stream().filter(e -> e.getKey().startsWith("datagen.data-roots"))
                        .map(e -> String.valueOf(e.getValue())).toList()
                + "; relative settings resolve against " + cwd);
    }

    /** Puts the absolute locations first in {@code environment}, relative ones resolved against {@code cwd}. */
    static Map<String, Object> resolve(ConfigurableEnvironment environment, Path cwd) {
        Binder binder = Binder.get(environment);
        String storageText = binder.bind("datagen.storage-dir", String.class).orElse("storage");
        List<String> rootTexts = binder.bind("datagen.data-roots", Bindable.listOf(String.class)).orElse(List.of("data"));
        Path storage = resolve(cwd, "datagen.storage-dir", storageText);
        prepareStorage(storage);
        Map<String, Object> resolved = new LinkedHashMap<>();
        resolved.put("datagen.storage-dir", storage.toString());
        for (int i = 0; i < rootTexts.size(); i++) {
            String text = rootTexts.get(i);
            // an object store's prefix (s3://bucket/prefix) is not a folder of this machine
            resolved.put("datagen.data-roots[" + i + "]", text != null && text.strip().startsWith("s3://") ? text.strip()
                    : resolve(cwd, "datagen.data-roots", text).toString());
        }
        environment.getPropertySources().addFirst(new MapPropertySource(SOURCE, resolved));
        return resolved;
    }

    private static Path resolve(Path cwd, String property, String text) {
        if (text == null || text.isBlank()) {
            throw new LocationException(property, text == null ? "" : text, "it is empty");
        }
        try {
            return cwd.resolve(text.strip()).normalize();
        } catch (java.nio.file.InvalidPathException e) {
            throw new LocationException(property, text, "it is not a valid path (" + e.getReason() + ")");
        }
    }

    /** Creates the folder and proves it writable with a probe file: the registry and cache write there. */
    static void prepareStorage(Path storage) {
        try {
            Files.createDirectories(storage);
        } catch (IOException e) {
            throw new LocationException("datagen.storage-dir", storage.toString(),
                    "the folder cannot be created (" + LocationException.reason(e) + ")");
        }
        try {
            Path probe = Files.createTempFile(storage, ".write-check", ".tmp");
            Files.delete(probe);
        } catch (IOException e) {
            throw new LocationException("datagen.storage-dir", storage.toString(),
                    "the folder cannot be written (" + LocationException.reason(e) + ")");
        }
    }
}
