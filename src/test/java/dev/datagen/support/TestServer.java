package dev.datagen.support;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import dev.datagen.DatagenApplication;

/**
 * The real service on a random port, started in-process on a given storage folder; closing and starting
 * another on the same folder is a restart.
 */
public final class TestServer implements AutoCloseable {

    private final ConfigurableApplicationContext context;
    private final Http http;

    private TestServer(ConfigurableApplicationContext context) {
        this.context = context;
        this.http = new Http(((WebServerApplicationContext) context).getWebServer().getPort());
    }

    /** Starts with the H2 registry under {@code storage} and {@code roots} as the data roots. */
    public static TestServer start(Path storage, List<Path> roots, String... properties) {
        return startOn(storage, roots.stream().map(Path::toString).toList(), properties);
    }

    /** Starts with data roots given as text: folders or {@code s3://bucket/prefix} prefixes. */
    public static TestServer startOn(Path storage, List<String> roots, String... properties) {
        // Command-line arguments, so they win over application.properties. Besides the port, only the two
        // folders: each test needs its own registry and data, which the defaults (./storage, ./data) would
        // share. Everything else runs on its defaults, unless the test is about that setting;
        // FirstStartIT starts the packaged service with no datagen setting at all.
        List<String> args = new ArrayList<>(List.of(
                "--server.port=0",
                "--datagen.storage-dir=" + storage,
                "--datagen.data-roots=" + String.join(",", roots)));
        for (String p : properties) {
            args.add("--" + p);
        }
        ConfigurableApplicationContext context = new SpringApplicationBuilder(DatagenApplication.class)
                .run(args.toArray(String[]::new));
        return new TestServer(context);
    }

    public Http http() {
        return http;
    }

    public ConfigurableApplicationContext context() {
        return context;
    }

    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    @Override
    public void close() {
        context.close();
    }
}
