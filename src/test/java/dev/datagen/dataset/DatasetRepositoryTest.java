package dev.datagen.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import tools.jackson.databind.json.JsonMapper;

/**
 * The sample lookups a batch makes, on the registry the service runs by default: H2 in PostgreSQL mode with the
 * project's own migrations.
 */
class DatasetRepositoryTest {

    private static final int SAMPLES = 3000;

    @TempDir
    Path dir;

    private JdbcTemplate template;
    private DatasetRepository repository;
    private long dataset;
    private long other;

    @BeforeEach
    void registry() {
        // the URL options of application.properties
        DataSource ds = new DriverManagerDataSource("jdbc:h2:file:" + dir.resolve("registry")
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH", "sa", "");
        Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
        template = new JdbcTemplate(ds);
        repository = new DatasetRepository(JdbcClient.create(ds), template, JsonMapper.builder().build());
        dataset = insertDataset("photos");
        other = insertDataset("digits");
        repository.insertSamples(dataset, "train", rows("train", SAMPLES));
        repository.insertSamples(dataset, "test", rows("test", 10));
        repository.insertSamples(other, "train", rows("other", 10));
    }

    @Test
    void findsTheSamplesInTheOrderAskedWithRepeatsAndOnlyOfItsOwnSplitAndDataset() {
        List<SampleRow> rows = repository.findSamples(dataset, "train", new int[] {2999, 3, 3, 0, 7}).orElseThrow();

        assertThat(rows).extracting(SampleRow::index).containsExactly(2999, 3, 3, 0, 7);
        assertThat(rows).extracting(r -> r.paths()[0])
                .containsExactly("train/2999.jpg", "train/3.jpg", "train/3.jpg", "train/0.jpg", "train/7.jpg");
        assertThat(rows.get(0).labels()).containsExactly(2999f, 1f);
        assertThat(repository.findSamples(dataset, "test", new int[] {9}).orElseThrow().get(0).paths())
                .containsExactly("test/9.jpg", "test/9.mask.png");
        assertThat(repository.findSamples(other, "train", new int[] {9})).hasValueSatisfying(
                r -> assertThat(r.get(0).paths()[0]).isEqualTo("other/9.jpg"));
        assertThat(repository.findSamples(dataset, "test", new int[] {3, 10})).as("index 10 is not in the split")
                .isEmpty();
    }

    @Test
    void aBatchIsLookedUpByPrimaryKeyNotByReadingTheWholeSplit() {
        // H2 reads every row of the split for "idx IN (...)" (an IN list is looked up in an index only on its
        // first column): a batch then costs time in proportion to the dataset. The plan must name all three
        // key columns, the index among them, as the index condition.
        List<Object> params = new ArrayList<>(List.of(5, 17, 2000));
        params.add(dataset);
        params.add("train");
        String plan = template.queryForObject("EXPLAIN " + DatasetRepository.samplesQuery(3), String.class,
                params.toArray());

        assertThat(plan.replaceAll("\\s+", " ").replace("\"", ""))
                .containsPattern("sample s /\\* public\\.PRIMARY_KEY_\\w+: dataset_id = \\?\\d+ AND split = \\?\\d+"
                        + " AND idx = wanted\\.i \\*/");
    }

    @Test
    void theRowCacheGivesTheRegistrysRowsInOrderAndAsksItOnlyForRowsItDoesNotHold() {
        List<int[]> asked = new ArrayList<>();
        DatasetRepository counting = new DatasetRepository(JdbcClient.create(template.getDataSource()), template,
                JsonMapper.builder().build()) {
            @Override
            public Optional<List<SampleRow>> findSamples(long datasetId, String split, int[] indices) {
                asked.add(indices.clone());
                return super.findSamples(datasetId, split, indices);
            }
        };
        SampleRowCache cache = new SampleRowCache(counting, 1 << 20);

        List<SampleRow> first = cache.findSamples(dataset, "train", new int[] {5, 3, 3, 2999}).orElseThrow();
        assertThat(first).extracting(SampleRow::index).containsExactly(5, 3, 3, 2999);
        assertThat(first.get(3).paths()).containsExactly("train/2999.jpg", "train/2999.mask.png");
        List<SampleRow> second = cache.findSamples(dataset, "train", new int[] {3, 10, 2999}).orElseThrow();
        assertThat(second).extracting(r -> r.paths()[0]).containsExactly("train/3.jpg", "train/10.jpg", "train/2999.jpg");
        assertThat(second.get(1).labels()).containsExactly(10f, 1f);
        assertThat(asked).as("the registry is asked for what the cache does not hold")
                .containsExactly(new int[] {5, 3, 3, 2999}, new int[] {10});
        assertThat(cache.findSamples(dataset, "test", new int[] {3}).orElseThrow().get(0).paths()[0])
                .as("another split's row of the same index").isEqualTo("test/3.jpg");
        assertThat(cache.findSamples(other, "train", new int[] {3}).orElseThrow().get(0).paths()[0])
                .as("another dataset's").isEqualTo("other/3.jpg");
        assertThat(cache.findSamples(dataset, "test", new int[] {3, 10})).as("index 10 is not in the split").isEmpty();
    }

    @Test
    void aDeletedDatasetsRowsLeaveTheRowCache() {
        SampleRowCache cache = new SampleRowCache(repository, 1 << 20);
        cache.findSamples(dataset, "train", new int[] {1, 2}).orElseThrow();
        cache.findSamples(other, "train", new int[] {1}).orElseThrow();
        template.update("DELETE FROM sample");

        assertThat(cache.findSamples(dataset, "train", new int[] {2, 1})).as("held, though no longer in the registry")
                .hasValueSatisfying(rows -> assertThat(rows).extracting(SampleRow::index).containsExactly(2, 1));
        cache.onDatasetDeleted(new DatasetDeleted(dataset, "photos-uid", "photos"));
        assertThat(cache.findSamples(dataset, "train", new int[] {1, 2})).isEmpty();
        assertThat(cache.findSamples(other, "train", new int[] {1})).as("another dataset's rows stay").isPresent();
    }

    private long insertDataset(String name) {
        template.update("INSERT INTO dataset (uid, name, base_dir, descriptor, created_at) VALUES (?, ?, ?, ?, ?)",
                name + "-uid", name, "/data", "{}", Timestamp.from(Instant.now()));
        return template.queryForObject("SELECT id FROM dataset WHERE name = ?", Long.class, name);
    }

    private static List<SampleRow> rows(String prefix, int n) {
        return IntStream.range(0, n).mapToObj(i -> new SampleRow(i,
                new String[] {prefix + "/" + i + ".jpg", prefix + "/" + i + ".mask.png"}, new float[] {i, 1f}))
                .toList();
    }
}
