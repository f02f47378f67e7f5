package dev.datagen.client;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
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

    private static final ObjectMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private final URI base;
    private final HttpClient http;
    private final RetryPolicy retry;
    private final Duration requestTimeout;

    private DataGenClient(Builder b) {
        String url = b.url.toString();
        this.base = URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(b.connectTimeout)
                .build();
        this.retry = b.retry;
        this.requestTimeout = b.requestTimeout;
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
        return base;
    }

    public RetryPolicy retryPolicy() {
        return retry;
    }

    // ---- datasets

    /** Registers a dataset from list files; the service decodes every image once to check it. */
    public DatasetInfo register(ListFileRegistration registration) {
        Multipart form = registration.toMultipart();
        HttpRequest request = request("/api/datasets").header("Content-Type", form.contentType())
                .header("Accept", "application/json").POST(form.body()).build();
        return send("register " + registration.name(), request, false, json(DatasetInfo.class));
    }

    /** Registers a dataset from class folders on the service's machine. */
    public DatasetInfo register(DirectoryRegistration registration) {
        return send("register " + registration.name(), postJson("/api/datasets/from-directory", registration), false,
                json(DatasetInfo.class));
    }

    public DatasetInfo dataset(String name) {
        return send("describe dataset " + name, get("/api/datasets/" + segment(name), "application/json"), true,
                json(DatasetInfo.class));
    }

    /** Every dataset, by name (the service lists them a page at a time). */
    public List<DatasetInfo> datasets() {
        return every("list datasets", "/api/datasets", DatasetInfo.class);
    }

    /** Deletes a dataset and its generators; the image files are untouched. */
    public void deleteDataset(String name) {
        send("delete dataset " + name, request("/api/datasets/" + segment(name)).DELETE().build(), true, none());
    }

    // ---- generators

    public GeneratorInfo createGenerator(String dataset, GeneratorSettings settings) {
        return send("create a generator over " + dataset + "/" + settings.split(),
                postJson("/api/datasets/" + segment(dataset) + "/generators", settings), false,
                json(GeneratorInfo.class));
    }

    public GeneratorInfo generator(String id) {
        return send("describe generator " + id, get("/api/generators/" + segment(id), "application/json"), true,
                json(GeneratorInfo.class));
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
            List<T> chunk = send(what, get(path + "?page=" + page + "&size=" + PAGE, "application/json"), true,
                    json(JSON.getTypeFactory().constructCollectionType(List.class, type)));
            all.addAll(chunk);
            if (chunk.size() < PAGE) {
                return all;
            }
        }
    }

    public void deleteGenerator(String id) {
        send("delete generator " + id, request("/api/generators/" + segment(id)).DELETE().build(), true, none());
    }

    // ---- batches

    /**
     * Batch {@code index} of {@code epoch} as ND4J arrays: features in the dataset's input order, labels in
     * its output order, batch dimension first (shapes as {@link GeneratorInfo#arrays()}). The caller owns the
     * arrays (off-heap memory: close them, or drop them for the garbage collector).
     *
     * @param shard null for a generator with one shard
     */
    public MultiDataSet batch(String generatorId, long epoch, long index, Integer shard) {
        return send("batch " + index + " of epoch " + epoch, get(batchPath(generatorId, epoch, index, shard), ND4J),
                true, (response, body) -> {
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
        return send("summary of batch " + index + " of epoch " + epoch,
                get(batchPath(generatorId, epoch, index, shard), "application/json"), true, json(BatchSummary.class));
    }

    private static String batchPath(String id, long epoch, long index, Integer shard) {
        return "/api/generators/" + segment(id) + "/epochs/" + epoch + "/batches/" + index
                + (shard == null ? "" : "?shard=" + shard);
    }

    // ---- HTTP

    /** Reads a successful response's body; the stream is closed by the caller. */
    @FunctionalInterface
    interface BodyReader<T> {
        T read(HttpResponse<InputStream> response, InputStream body) throws IOException;
    }

    /**
     * Sends {@code request}, retrying as the policy allows: idempotent requests after any I/O failure or a
     * 502/503/504; others only when no connection was made (so a registration is never sent twice).
     */
    <T> T send(String what, HttpRequest request, boolean idempotent, BodyReader<T> reader) {
        for (int attempt = 1; ; attempt++) {
            try {
                HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
                try (InputStream body = response.body()) {
                    int status = response.statusCode();
                    if (status < 400) {
                        return reader.read(response, body);
                    }
                    DataGenException problem = problem(response, body);
                    if (!(idempotent && isTransient(status)) || attempt >= retry.maxAttempts()) {
                        throw problem;
                    }
                }
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(what + ": the service's answer cannot be read: " + e.getOriginalMessage(), e);
            } catch (IOException e) {
                boolean neverConnected = e instanceof ConnectException || e instanceof HttpConnectTimeoutException;
                if (!(idempotent || neverConnected) || attempt >= retry.maxAttempts()) {
                    throw new DataGenUnreachableException(what + " (" + request.method() + " " + request.uri() + ")",
                            attempt, e);
                }
            } catch (InterruptedException e) {
                throw interrupted(what);
            }
            try {
                Thread.sleep(retry.backoff(attempt).toMillis());
            } catch (InterruptedException e) {
                throw interrupted(what);
            }
        }
    }

    private static UncheckedIOException interrupted(String what) {
        Thread.currentThread().interrupt();
        return new UncheckedIOException(new InterruptedIOException(what + " was interrupted"));
    }

    private static boolean isTransient(int status) {
        return status == 502 || status == 503 || status == 504;
    }

    private static DataGenException problem(HttpResponse<InputStream> response, InputStream body) throws IOException {
        int status = response.statusCode();
        byte[] bytes = body.readNBytes(1 << 20);
        String type = response.headers().firstValue("Content-Type").orElse("");
        if (type.startsWith("application/problem+json") || type.startsWith("application/json")) {
            try {
                Map<String, Object> members = JSON.readValue(bytes, new TypeReference<LinkedHashMap<String, Object>>() {
                });
                Object detail = members.remove("detail");
                Object problemType = members.remove("type");
                Object title = members.remove("title");
                members.remove("status");
                members.remove("instance");
                return new DataGenException(status, problemType == null ? null : problemType.toString(),
                        title == null ? null : title.toString(), detail == null ? null : detail.toString(), members);
            } catch (IOException notJson) {
                // falls through: report the raw text
            }
        }
        String text = new String(bytes, StandardCharsets.UTF_8).strip();
        return new DataGenException(status, null, null, text.length() > 500 ? text.substring(0, 500) + "..." : text,
                Map.of());
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(requestTimeout);
    }

    private HttpRequest get(String path, String accept) {
        return request(path).header("Accept", accept).GET().build();
    }

    private HttpRequest postJson(String path, Object body) {
        try {
            return request(path).header("Content-Type", "application/json").header("Accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body))).build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static <T> BodyReader<T> json(Class<T> type) {
        return json(JSON.getTypeFactory().constructType(type));
    }

    private static <T> BodyReader<T> json(JavaType type) {
        return (response, body) -> JSON.readValue(body, type);
    }

    private static BodyReader<Void> none() {
        return (response, body) -> null;
    }

    /** Percent-encodes a path segment (RFC 3986 unreserved characters pass). */
    static String segment(String s) {
        Objects.requireNonNull(s);
        StringBuilder out = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~".indexOf(c) >= 0) {
                out.append(c);
            } else {
                out.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return out.toString();
    }
}
