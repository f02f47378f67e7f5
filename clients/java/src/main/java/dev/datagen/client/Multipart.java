package dev.datagen.client;

import java.io.FileNotFoundException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A {@code multipart/form-data} body (RFC 7578) built by hand, because the JDK's HTTP client has none. Files
 * are streamed from disk when the request is sent (and again on a retry), so a list file of millions of
 * lines is never held in memory. Immutable.
 */
final class Multipart {

    private static final String CRLF = "\r\n";

    private final String boundary;
    private final List<HttpRequest.BodyPublisher> pieces;

    Multipart() {
        this("datagen-" + UUID.randomUUID().toString().replace("-", ""), List.of());
    }

    private Multipart(String boundary, List<HttpRequest.BodyPublisher> pieces) {
        this.boundary = boundary;
        this.pieces = pieces;
    }

    /** A text field (no file name): the server reads it as a request parameter. */
    Multipart field(String name, String value) {
        return add(header(name, null, null), HttpRequest.BodyPublishers.ofString(value, StandardCharsets.UTF_8));
    }

    Multipart file(String name, String fileName, byte[] content) {
        return add(header(name, fileName, "text/plain"), HttpRequest.BodyPublishers.ofByteArray(content));
    }

    Multipart file(String name, String fileName, Path file) {
        try {
            return add(header(name, fileName, "text/plain"), HttpRequest.BodyPublishers.ofFile(file));
        } catch (FileNotFoundException e) {
            throw new UncheckedIOException(name + ": " + file + " cannot be read", e);
        }
    }

    String contentType() {
        return "multipart/form-data; boundary=" + boundary;
    }

    HttpRequest.BodyPublisher body() {
        List<HttpRequest.BodyPublisher> all = new ArrayList<>(pieces);
        all.add(ascii("--" + boundary + "--" + CRLF));
        return HttpRequest.BodyPublishers.concat(all.toArray(HttpRequest.BodyPublisher[]::new));
    }

    private Multipart add(String header, HttpRequest.BodyPublisher content) {
        List<HttpRequest.BodyPublisher> next = new ArrayList<>(pieces);
        next.add(ascii(header));
        next.add(content);
        next.add(ascii(CRLF));
        return new Multipart(boundary, List.copyOf(next));
    }

    private String header(String name, String fileName, String contentType) {
        StringBuilder h = new StringBuilder("--").append(boundary).append(CRLF)
                .append("Content-Disposition: form-data; name=\"").append(quote(name)).append('"');
        if (fileName != null) {
            h.append("; filename=\"").append(quote(fileName)).append('"');
        }
        h.append(CRLF);
        if (contentType != null) {
            h.append("Content-Type: ").append(contentType).append(CRLF);
        }
        return h.append(CRLF).toString();
    }

    /** RFC 7578 section 2: quotes and line breaks in names are percent-encoded, as browsers do. */
    static String quote(String s) {
        return s.replace("\"", "%22").replace("\r", "%0D").replace("\n", "%0A");
    }

    private static HttpRequest.BodyPublisher ascii(String s) {
        return HttpRequest.BodyPublishers.ofString(s, StandardCharsets.UTF_8);
    }
}
