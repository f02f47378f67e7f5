package dev.datagen.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * The PostgreSQL server that .ci/run starts (a cluster on 127.0.0.1:5432 with a {@code datagen} role and a
 * {@code datagen_test} database), overridable with DATAGEN_TEST_POSTGRES_URL/_USER/_PASSWORD. Each test gets
 * its own schema, dropped afterwards.
 */
public final class Postgres implements AutoCloseable {

    private final String url;
    private final String user;
    private final String password;
    private final String schema;

    private Postgres(String url, String user, String password, String schema) {
        this.url = url;
        this.user = user;
        this.password = password;
        this.schema = schema;
    }

    /** A fresh schema on the test server; fails with a clear message when the server is not running. */
    public static Postgres freshSchema() {
        String url = env("DATAGEN_TEST_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/datagen_test");
        String user = env("DATAGEN_TEST_POSTGRES_USER", "datagen");
        String password = env("DATAGEN_TEST_POSTGRES_PASSWORD", "datagen");
        String schema = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL is not reachable at " + url + " as " + user
                    + " (bash .ci/run starts it and creates the role and database): " + e.getMessage(), e);
        }
        return new Postgres(url, user, password, schema);
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    /** Properties that point a DataGen instance at this schema with the postgres profile. */
    public String[] properties() {
        return new String[] {
            "spring.profiles.active=postgres",
            "spring.datasource.url=" + url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema,
            "spring.datasource.username=" + user,
            "spring.datasource.password=" + password,
            "spring.flyway.schemas=" + schema,
        };
    }

    @Override
    public void close() {
        try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
