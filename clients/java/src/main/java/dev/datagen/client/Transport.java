package dev.datagen.client;

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
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The HTTP side of {@link DataGenClient}: requests over the JDK's {@link HttpClient} (HTTP/1.1), retries as the
 * {@link RetryPolicy} says, problem details turned into {@link DataGenException}s, JSON bodies read with
 * Jackson. Thread-safe.
 */
final class Transport {

    static final ObjectMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private final URI base;
    private final HttpClient http;
    private final RetryPolicy retry;
    private final Duration requestTimeout;

    Transport(URI url, Duration connectTimeout, RetryPolicy retry, Duration requestTimeout) {
        String s = url.toString();
        this.base = URI.create(s.endsWith("/") ? s.substring(0, s.length() - 1) : s);
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(connectTimeout).build();
        this.retry = retry;
        this.requestTimeout = requestTimeout;
    }

    URI base() {
        return base;
    }

    RetryPolicy retry() {
        return retry;
    }

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

    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(requestTimeout);
    }

    HttpRequest get(String path, String accept) {
        return request(path).header("Accept", accept).GET().build();
    }

    HttpRequest postJson(String path, Object body) {
        try {
            return request(path).header("Content-Type", "application/json").header("Accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body))).build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static <T> BodyReader<T> json(Class<T> type) {
        return json(JSON.getTypeFactory().constructType(type));
    }

    static <T> BodyReader<T> json(JavaType type) {
        return (response, body) -> JSON.readValue(body, type);
    }

    static BodyReader<Void> none() {
        return (response, body) -> null;
    }

    /** {@code ?name=value&...} of the parameters that are not null, in order; "" when all are. */
    static String query(Object... namesAndValues) {
        StringJoiner q = new StringJoiner("&", "?", "");
        q.setEmptyValue("");
        for (int i = 0; i < namesAndValues.length; i += 2) {
            if (namesAndValues[i + 1] != null) {
                q.add(namesAndValues[i] + "=" + segment(namesAndValues[i + 1].toString()));
            }
        }
        return q.toString();
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
