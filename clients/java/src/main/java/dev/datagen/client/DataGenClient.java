package dev.datagen.client;

import static dev.datagen.client.Transport.JSON;
import static dev.datagen.client.Transport.json;
import static dev.datagen.client.Transport.none;
import static dev.datagen.client.Transport.query;

import java.io.BufferedInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

import org.nd4j.linalg.dataset.MultiDataSet;

/**
 * The DataGen HTTP API for a Java trainer: register datasets, create and describe generators, and read
 * batches, over the JDK's {@link HttpClient} (HTTP/1.1).
 *
 * <pre>{@code
 * DataGenClient client = DataGenClient.create("http://127.0.0.1:8080");
 * client.register(ListFileRegistration.named("mnist").baseDir("/data/mnist").kerasFiles(Path.of("/data/mnist")));
 * GeneratorInfo train = client.createGenerator("mnist",
 *         GeneratorSettings.of("train").batchSize(64).layout(Layout.NCHW).rescale(1 / 255.0));
 * net.fit(new DataGenDataSetIterator(client, train.id()), 2);
 * }</pre>
 *
 * <p>Every refusal of the service surfaces as a {@link DataGenException} carrying its problem detail;
 * connection failures are retried as the {@link RetryPolicy} says and then surface as a
 * {@link DataGenUnreachableException}. Thread-safe: one client can serve many iterators.
 */
public final class DataGenClient {

    /** The media type of the ND4J payload: a {@code MultiDataSet} as {@code MultiDataSet.save} writes it. */
    public static final String ND4J = "application/x-nd4j";

    private final Transport http;

    private DataGenClient(Builder b) {
        this.http = new Transport(b.url, b.connectTimeout, b.retry, b.requestTimeout);
    }

    /** A client with the default retry policy and timeouts. */
    public static DataGenClient create(String url) {
        return builder(URI.create(url)).build();
    }

    public static Builder builder(URI url) {
        return new Builder(url);
    }

    /** Options of a client; every one has a default. */
    public static final class Builder {
        private final URI url;
        private RetryPolicy retry = RetryPolicy.DEFAULT;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration requestTimeout = Duration.ofMinutes(10);

        private Builder(URI url) {
            this.url = Objects.requireNonNull(url, "url");
            if (url.getScheme() == null || url.getHost() == null) {
                throw new IllegalArgumentException("the service URL needs a scheme and a host, e.g. "
                        + "http://127.0.0.1:8080, got " + url);
            }
        }

        /** Retries after connection errors and 502/503/504 answers (default {@link RetryPolicy#DEFAULT}). */
        public Builder retry(RetryPolicy policy) {
            this.retry = Objects.requireNonNull(policy);
            return this;
        }

        /** How long to wait for a TCP connection (default 10 s). */
        public Builder connectTimeout(Duration d) {
            this.connectTimeout = Objects.requireNonNull(d);
            return this;
        }

        /**
         * How long to wait for the response headers (default 10 min: registration decodes every image
         * before it answers). A batch's body is read without a time limit once it has started.
         */
        public Builder requestTimeout(Duration d) {
            this.requestTimeout = Objects.requireNonNull(d);
            return this;
        }

        public DataGenClient build() {
            return new DataGenClient(this);
        }
    }

    public URI url() {
        return http.base();
    }

    public RetryPolicy retryPolicy() {
        return http.retry();
    }

    // ---- datasets

    /** Registers a dataset from list files; the service decodes every image once to check it. */
    public DatasetInfo register(ListFileRegistration registration) {
        Multipart form = registration.toMultipart();
        HttpRequest request = http.request("/api/datasets").header("Content-Type", form.contentType())
                .header("Accept", "application/json").POST(form.body()).build();
        return http.send("register " + registration.name(), request, false, json(DatasetInfo.class));
    }

    /** Registers a dataset from class folders on the service's machine. */
    public DatasetInfo register(DirectoryRegistration registration) {
        return http.send("register " + registration.name(), http.postJson("/api/datasets/from-directory", registration),
                false, json(DatasetInfo.class));
    }

    public DatasetInfo dataset(String name) {
        return http.send("describe dataset " + name, http.get("/api/datasets/" + segment(name), "application/json"),
                true, json(DatasetInfo.class));
    }

    /** Every dataset, by name (the service lists them a page at a time). */
    public List<DatasetInfo> datasets() {
        return every("list datasets", "/api/datasets", DatasetInfo.class);
    }

    /** Deletes a dataset and its generators; the image files are untouched. */
    public void deleteDataset(String name) {
        http.send("delete dataset " + name, http.request("/api/datasets/" + segment(name)).DELETE().build(), true,
                none());
    }

    // ---- generators

    public GeneratorInfo createGenerator(String dataset, GeneratorSettings settings) {
        return http.send("create a generator over " + dataset + "/" + settings.split(),
                http.postJson("/api/datasets/" + segment(dataset) + "/generators", settings), false,
                json(GeneratorInfo.class));
    }

    public GeneratorInfo generator(String id) {
        return generator(id, null, null);
    }

    /**
     * A generator's description with its epoch dealt to {@code numShards} shards from position {@code from}
     * ({@code ?numShards=K&from=p}, an elastic resume): {@link GeneratorInfo#shards()} then has the samples
     * and batches of each of the K shards, and {@link GeneratorInfo#from()} the position.
     *
     * @param numShards null: the generator's own
     * @param from      null: the epoch's first position
     */
    public GeneratorInfo generator(String id, Integer numShards, Long from) {
        return http.send("describe generator " + id, http.get("/api/generators/" + segment(id)
                + query("numShards", numShards, "from", from), "application/json"), true, json(GeneratorInfo.class));
    }

    public List<GeneratorInfo> generators(String dataset) {
        return every("list generators of " + dataset, "/api/datasets/" + segment(dataset) + "/generators",
                GeneratorInfo.class);
    }

    /** The service's largest page of a listing (datagen.limits.max-page-size). */
    private static final int PAGE = 200;

    private <T> List<T> every(String what, String path, Class<T> type) {
        List<T> all = new java.util.ArrayList<>();
        for (int page = 0; ; page++) {
            List<T> chunk = http.send(what, http.get(path + "?page=" + page + "&size=" + PAGE, "application/json"),
                    true, json(JSON.getTypeFactory().constructCollectionType(List.class, type)));
            all.addAll(chunk);
            if (chunk.size() < PAGE) {
                return all;
            }
        }
    }

    public void deleteGenerator(String id) {
        http.send("delete generator " + id, http.request("/api/generators/" + segment(id)).DELETE().build(), true,
                none());
    }

    // ---- batches

    /** Batch {@code index} of {@code epoch} of the generator's own dealing; as the six-argument form. */
    public MultiDataSet batch(String generatorId, long epoch, long index, Integer shard) {
        return batch(generatorId, epoch, index, shard, null, null);
    }

    /**
     * Batch {@code index} of {@code epoch} as ND4J arrays: features in the dataset's input order, labels in
     * its output order, batch dimension first (shapes as {@link GeneratorInfo#arrays()}). The caller owns the
     * arrays (off-heap memory: close them, or drop them for the garbage collector).
     *
     * @param shard     null for a generator with one shard (and no {@code numShards})
     * @param numShards the epoch dealt to this many shards ({@code ?numShards=K}); null: the generator's own
     * @param from      the epoch dealt from this position on ({@code ?from=p}); null: from its start
     */
    public MultiDataSet batch(String generatorId, long epoch, long index, Integer shard, Integer numShards, Long from) {
        return http.send("batch " + index + " of epoch " + epoch,
                http.get(batchPath(generatorId, epoch, index, shard, numShards, from), ND4J), true, (response, body) -> {
                    String type = response.headers().firstValue("Content-Type").orElse("");
                    if (!type.startsWith(ND4J)) {
                        throw new IllegalStateException("asked for " + ND4J + " but the service sent '" + type + "'");
                    }
                    MultiDataSet batch = new MultiDataSet();
                    batch.load(new BufferedInputStream(body, 1 << 16));
                    return batch;
                });
    }

    /** The JSON view of a batch: sample indices and vector labels, no pixels. */
    public BatchSummary batchSummary(String generatorId, long epoch, long index, Integer shard) {
        return batchSummary(generatorId, epoch, index, shard, null, null);
    }

    /** The JSON view of a batch of the epoch dealt to {@code numShards} shards from {@code from} (as {@code batch}). */
    public BatchSummary batchSummary(String generatorId, long epoch, long index, Integer shard, Integer numShards,
            Long from) {
        return http.send("summary of batch " + index + " of epoch " + epoch,
                http.get(batchPath(generatorId, epoch, index, shard, numShards, from), "application/json"), true,
                json(BatchSummary.class));
    }

    private static String batchPath(String id, long epoch, long index, Integer shard, Integer numShards, Long from) {
        return "/api/generators/" + segment(id) + "/epochs/" + epoch + "/batches/" + index
                + query("shard", shard, "numShards", numShards, "from", from);
    }

    /** Percent-encodes a path segment (RFC 3986 unreserved characters pass). */
    static String segment(String s) {
        return Transport.segment(s);
    }
}
