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
class GeneratorRepository {

    private static final String SELECT = "SELECT g.id, g.dataset_id, d.name, g.settings, g.created_at "
            + "FROM generator g JOIN dataset d ON d.id = g.dataset_id AND d.deleted_at IS NULL ";

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

    /** Whether the generator exists and its dataset too: what {@link #find} checks, without reading the rows. */
    boolean isLive(String id) {
        return jdbc.sql("SELECT 1 FROM generator g JOIN dataset d ON d.id = g.dataset_id "
                + "AND d.deleted_at IS NULL WHERE g.id = ?").param(id).query(Integer.class).optional().isPresent();
    }

    /** One page of a dataset's generators, oldest first. */
    public List<Generator> findByDataset(long datasetId, long offset, int limit) {
        return jdbc.sql(SELECT + "WHERE g.dataset_id = ? ORDER BY g.created_at, g.id LIMIT ? OFFSET ?")
                .params(datasetId, limit, offset).query(this::generator).list();
    }

    /** One page of every generator, oldest first. */
    public List<Generator> findAll(long offset, int limit) {
        return jdbc.sql(SELECT + "ORDER BY g.created_at, g.id LIMIT ? OFFSET ?").params(limit, offset)
                .query(this::generator).list();
    }

    /** The newest generators first, for the dashboard. */
    public List<Generator> findNewest(int limit) {
        return jdbc.sql(SELECT + "ORDER BY g.created_at DESC, g.id LIMIT ?").param(limit).query(this::generator).list();
    }

    public long count() {
        return jdbc.sql("SELECT COUNT(*) FROM generator g JOIN dataset d ON d.id = g.dataset_id AND d.deleted_at IS NULL")
                .query(Long.class).single();
    }

    public long countByDataset(long datasetId) {
        return jdbc.sql("SELECT COUNT(*) FROM generator WHERE dataset_id = ?").param(datasetId).query(Long.class).single();
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
