package dev.datagen.dataset;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Datasets and their samples in the registry database. Samples are read a batch at a time by key, never
 * a whole split at once.
 */
@Repository
public class DatasetRepository {

    private static final String COLUMNS = "id, uid, name, base_dir, descriptor, created_at";
    /** Datasets being deleted are gone from every query but the purge's. */
    static final String LIVE = "deleted_at IS NULL";
    /** Sample rows removed per statement while a deleted dataset is purged. */
    private static final int PURGE_SLICE = 20_000;

    private final JdbcClient jdbc;
    private final JdbcTemplate template;
    private final JsonMapper json;

    DatasetRepository(JdbcClient jdbc, JdbcTemplate template, JsonMapper json) {
        this.jdbc = jdbc;
        this.template = template;
        // rows written by an older version may carry fields this one no longer knows
        this.json = json.rebuild().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
    }

    long insert(String uid, String name, String baseDir, DatasetDescriptor descriptor, Instant createdAt) {
        GeneratedKeyHolder keys = new GeneratedKeyHolder();
        jdbc.sql("INSERT INTO dataset (uid, name, base_dir, descriptor, created_at) VALUES (?, ?, ?, ?, ?)")
                .params(uid, name, baseDir, json.writeValueAsString(descriptor),
                        OffsetDateTime.ofInstant(createdAt, ZoneOffset.UTC))
                .update(keys, "id");
        return keys.getKeyAs(Number.class).longValue();
    }

    void updateDescriptor(long id, DatasetDescriptor descriptor) {
        jdbc.sql("UPDATE dataset SET descriptor = ? WHERE id = ?")
                .params(json.writeValueAsString(descriptor), id)
                .update();
    }

    public Optional<Dataset> findByName(String name) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM dataset WHERE name = ? AND " + LIVE).param(name)
                .query(this::dataset).optional();
    }

    public Optional<Dataset> findById(long id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM dataset WHERE id = ? AND " + LIVE).param(id)
                .query(this::dataset).optional();
    }

    /** One page of the datasets, by name. */
    public List<Dataset> findAll(long offset, int limit) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM dataset WHERE " + LIVE + " ORDER BY name LIMIT ? OFFSET ?").params(limit, offset)
                .query(this::dataset).list();
    }

    public long count() {
        return jdbc.sql("SELECT COUNT(*) FROM dataset WHERE " + LIVE).query(Long.class).single();
    }

    /** Every dataset uid, deleted ones included (their cache files go with the purge). */
    public List<String> findAllUids() {
        return jdbc.sql("SELECT uid FROM dataset WHERE " + LIVE).query(String.class).list();
    }

    /**
     * Takes a dataset out of the registry at once: marked deleted, renamed out of the way of a new dataset
     * of the same name ('~' is not allowed in names), and its generators removed. Its samples stay until
     * {@link #purge} removes them.
     *
     * @return whether this call deleted it (false: it was gone already)
     */
    boolean markDeleted(Dataset d, Instant at) {
        boolean marked = jdbc.sql("UPDATE dataset SET deleted_at = ?, name = ? WHERE id = ? AND " + LIVE)
                .params(OffsetDateTime.ofInstant(at, ZoneOffset.UTC), "~" + d.uid(), d.id()).update() > 0;
        if (marked) {
            jdbc.sql("DELETE FROM generator WHERE dataset_id = ?").param(d.id()).update();
        }
        return marked;
    }

    /** Datasets marked deleted whose rows are not purged yet (after a restart, say). */
    List<Long> findDeleted() {
        return jdbc.sql("SELECT id FROM dataset WHERE deleted_at IS NOT NULL").query(Long.class).list();
    }

    /**
     * Removes a deleted dataset's samples a slice at a time (each its own short statement, so neither a
     * transaction nor a lock grows with the dataset), then the dataset itself.
     */
    void purge(long id) {
        Optional<DatasetDescriptor> descriptor = jdbc.sql("SELECT descriptor FROM dataset WHERE id = ?").param(id)
                .query(String.class).optional().map(text -> json.readValue(text, DatasetDescriptor.class));
        descriptor.ifPresent(d -> d.splits().forEach((split, info) -> {
            for (int from = Math.max(0, info.samples() - PURGE_SLICE); ; from = Math.max(0, from - PURGE_SLICE)) {
                jdbc.sql("DELETE FROM sample WHERE dataset_id = ? AND split = ? AND idx >= ?")
                        .params(id, split, from).update();
                if (from == 0) {
                    break;
                }
            }
        }));
        // whatever a descriptor did not list (an interrupted registration's rows) goes with the row, by cascade
        jdbc.sql("DELETE FROM dataset WHERE id = ? AND deleted_at IS NOT NULL").param(id).update();
    }

    void insertSamples(long datasetId, String split, List<SampleRow> rows) {
        template.batchUpdate("INSERT INTO sample (dataset_id, split, idx, paths, labels) VALUES (?, ?, ?, ?, ?)",
                rows, rows.size(), (ps, row) -> {
                    ps.setLong(1, datasetId);
                    ps.setString(2, split);
                    ps.setInt(3, row.index());
                    ps.setString(4, String.join("\n", row.paths()));
                    ps.setBytes(5, row.labels().length == 0 ? null : encode(row.labels()));
                });
    }

    /**
     * The samples at {@code indices}, in the order asked (indices may repeat); empty when one of them is not
     * there, because the dataset was deleted (perhaps by another replica) after the caller looked it up.
     */
    public Optional<List<SampleRow>> findSamples(long datasetId, String split, int[] indices) {
        if (indices.length == 0) {
            return Optional.of(List.of());
        }
        List<Integer> distinct = Arrays.stream(indices).distinct().boxed().toList();
        Map<Integer, SampleRow> byIndex = new HashMap<>();
        List<Object> params = new ArrayList<>(distinct);
        params.add(datasetId);
        params.add(split);
        jdbc.sql(samplesQuery(distinct.size()))
                .params(params)
                .query(DatasetRepository::sample)
                .list()
                .forEach(row -> byIndex.put(row.index(), row));
        List<SampleRow> rows = new ArrayList<>(indices.length);
        for (int index : indices) {
            SampleRow row = byIndex.get(index);
            if (row == null) {
                return Optional.empty();
            }
            rows.add(row);
        }
        return Optional.of(rows);
    }

    /**
     * The rows of {@code n} sample indices (parameters: the indices, then the dataset id and the split): a join
     * with the wanted indices rather than {@code idx IN (...)}, since H2 looks an IN list up in an index only on
     * the index's first column; the IN form read every sample of the split for each batch (300 ms a batch at
     * 200,000 samples). The join is one primary-key lookup per index, in H2 and PostgreSQL alike.
     */
    static String samplesQuery(int n) {
        return "SELECT s.idx, s.paths, s.labels FROM (VALUES "
                + String.join(", ", Collections.nCopies(n, "(CAST(? AS INTEGER))"))
                + ") AS wanted (i) JOIN sample s ON s.dataset_id = ? AND s.split = ? AND s.idx = wanted.i";
    }

    /**
     * The class of every sample of a split for one categorical output: the index of the largest value of
     * its slice {@code [offset, offset + classes)} of the stored labels, -1 where they are all zero. Read as
     * a stream, four bytes a sample.
     */
    public int[] classes(long datasetId, String split, int samples, int offset, int classes) {
        int[] classOf = new int[samples];
        template.query(con -> {
            var ps = con.prepareStatement("SELECT idx, labels FROM sample WHERE dataset_id = ? AND split = ?");
            ps.setLong(1, datasetId);
            ps.setString(2, split);
            ps.setFetchSize(2000);
            return ps;
        }, (ResultSet rs) -> {
            int idx = rs.getInt(1);
            ByteBuffer labels = ByteBuffer.wrap(rs.getBytes(2)).order(ByteOrder.LITTLE_ENDIAN);
            int best = -1;
            float most = 0;
            for (int k = 0; k < classes; k++) {
                float v = labels.getFloat(4 * (offset + k));
                if (v > most) {
                    most = v;
                    best = k;
                }
            }
            if (idx >= 0 && idx < samples) {
                classOf[idx] = best;
            }
        });
        return classOf;
    }

    public Optional<SampleRow> findSample(long datasetId, String split, int index) {
        return jdbc.sql("SELECT idx, paths, labels FROM sample WHERE dataset_id = ? AND split = ? AND idx = ?")
                .params(datasetId, split, index)
                .query(DatasetRepository::sample).optional();
    }

    private Dataset dataset(ResultSet rs, int row) throws SQLException {
        return new Dataset(rs.getLong("id"), rs.getString("uid"), rs.getString("name"), rs.getString("base_dir"),
                rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                json.readValue(rs.getString("descriptor"), DatasetDescriptor.class));
    }

    private static SampleRow sample(ResultSet rs, int row) throws SQLException {
        byte[] labels = rs.getBytes("labels");
        return new SampleRow(rs.getInt("idx"), rs.getString("paths").split("\n"),
                labels == null ? new float[0] : decode(labels));
    }

    static byte[] encode(float[] values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values);
        return b.array();
    }

    static float[] decode(byte[] bytes) {
        float[] values = new float[bytes.length / 4];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
        return values;
    }
}
