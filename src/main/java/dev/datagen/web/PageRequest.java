package dev.datagen.web;

import java.util.Map;

import org.springframework.http.HttpHeaders;

import dev.datagen.problem.ProblemException;
import dev.datagen.problem.ProblemType;

/**
 * One page of a list endpoint ({@code ?page=0&size=100}): every list answer is bounded, however many
 * datasets or generators the registry holds. The answer stays a JSON array; {@code X-Total-Count} and a
 * {@code Link} header (RFC 8288: first, prev, next, last) tell a client how to read the rest.
 *
 * @param page from 0
 * @param size items per page
 */
public record PageRequest(int page, int size) {

    public static final int DEFAULT_SIZE = 100;

    /** Parses the query parameters (null: defaults); a value out of range is a 400 naming the parameter. */
    public static PageRequest of(String page, String size, int maxSize) {
        return new PageRequest((int) parse("page", page, 0, Integer.MAX_VALUE / maxSize),
                (int) parse("size", size, 1, maxSize));
    }

    private static long parse(String name, String text, long min, long max) {
        if (text == null) {
            return name.equals("page") ? 0 : Math.min(DEFAULT_SIZE, max);
        }
        try {
            long v = Long.parseLong(text.strip());
            if (v >= min && v <= max) {
                return v;
            }
        } catch (NumberFormatException e) {
            // falls through to the problem below
        }
        String shown = text.length() > 20 ? text.substring(0, 20) + "..." : text;
        throw new ProblemException(ProblemType.INVALID_REQUEST, name + " must be an integer from " + min + " to " + max
                + (name.equals("size") ? " (datagen.limits.max-page-size)" : "") + ", got '" + shown + "'.",
                Map.of("parameter", name));
    }

    public long offset() {
        return (long) page * size;
    }

    /** {@code X-Total-Count} and {@code Link} for this page of {@code total} items at {@code path}. */
    public HttpHeaders headers(String path, long total) {
        HttpHeaders headers = new HttpHeaders();
        headers.set("X-Total-Count", String.valueOf(total));
        long last = Math.max(0, (total - 1) / size);
        StringBuilder link = new StringBuilder(rel(path, 0, "first"));
        if (page > 0) {
            link.append(", ").append(rel(path, Math.min(page - 1, last), "prev"));
        }
        if (page < last) {
            link.append(", ").append(rel(path, page + 1, "next"));
        }
        link.append(", ").append(rel(path, last, "last"));
        headers.set(HttpHeaders.LINK, link.toString());
        return headers;
    }

    private String rel(String path, long p, String rel) {
        return "<" + path + "?page=" + p + "&size=" + size + ">; rel=\"" + rel + "\"";
    }
}
