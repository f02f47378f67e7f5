package dev.datagen.generator;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** Generators in the registry database: they survive restarts and are shared by replicas. */
@Repository
public class GeneratorRepository {

    private static final String SELECT = "SELECT g.id, g.dataset_id, d.name, g.settings, g.created_at "
            + "FROM generator g JOIN dataset d ON d.id = g.dataset_id ";

    private final JdbcClient jdbc;
    private final JsonMapper json;

    GeneratorRepository(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        // rows written by an older version may carry fields this one no longer knows
        this.json = json.rebuild().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
    }

    void insert(Generator g) {
        jdbc.sql("INSERT INTO generator (id, dataset_id, settings, created_at) VALUES (?, ?, ?, ?)")
                .params(g.id(), g.datasetId(), json.writeValueAsString(g.settings()),
                        OffsetDateTime.ofInstant(g.createdAt(), ZoneOffset.UTC))
                .update();
    }

    public Optional<Generator> find(String id) {
        return jdbc.sql(SELECT + "WHERE g.id = ?").param(id).query(this::generator).optional();
    }

    public List<Generator> findByDataset(long datasetId) {
        return jdbc.sql(SELECT + "WHERE g.dataset_id = ? ORDER BY g.created_at").param(datasetId)
                .query(this::generator).list();
    }

    public List<Generator> findAll() {
        return jdbc.sql(SELECT + "ORDER BY g.created_at").query(this::generator).list();
    }

    boolean delete(String id) {
        return jdbc.sql("DELETE FROM generator WHERE id = ?").param(id).update() > 0;
    }

    private Generator generator(ResultSet rs, int row) throws SQLException {
        return new Generator(rs.getString("id"), rs.getLong("dataset_id"), rs.getString("name"),
                json.readValue(rs.getString("settings"), GeneratorSettings.class),
                rs.getObject("created_at", OffsetDateTime.class).toInstant());
    }
}
