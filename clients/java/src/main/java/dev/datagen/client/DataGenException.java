package dev.datagen.client;

import java.util.Map;

/**
 * The service refused a request: an RFC 9457 problem detail ({@code application/problem+json}) turned into
 * an exception. {@link #type()} is stable (for example {@code /problems/invalid-list-file}) and is what
 * programs should switch on; {@link #detail()} is written for a person and names the part, line and reason;
 * {@link #properties()} carries the same facts for programs (for example {@code part}, {@code line},
 * {@code field}).
 *
 * <p>An answer that is not a problem detail (a proxy's error page, say) is reported with the type
 * {@code about:blank} and the start of the body as the detail.
 */
public class DataGenException extends RuntimeException {

    private final int status;
    private final String type;
    private final String title;
    private final String detail;
    private final transient Map<String, Object> properties;

    public DataGenException(int status, String type, String title, String detail, Map<String, Object> properties) {
        super(message(status, type, detail));
        this.status = status;
        this.type = type == null ? "about:blank" : type;
        this.title = title;
        this.detail = detail;
        this.properties = properties == null ? Map.of() : Map.copyOf(properties);
    }

    private static String message(int status, String type, String detail) {
        return "HTTP " + status + " " + (type == null ? "about:blank" : type) + ": " + detail;
    }

    /** The HTTP status, e.g. 400 or 404. */
    public int status() {
        return status;
    }

    /** The problem type URI as the server wrote it, e.g. {@code /problems/not-found}. */
    public String type() {
        return type;
    }

    /** The problem title, e.g. {@code Not found}; may be null. */
    public String title() {
        return title;
    }

    /** The human explanation, naming the part, line and reason. */
    public String detail() {
        return detail;
    }

    /**
     * Every other member of the problem detail (not {@code type}, {@code title}, {@code status},
     * {@code detail}, {@code instance}), as parsed JSON: strings, numbers, booleans, lists and maps.
     */
    public Map<String, Object> properties() {
        return properties;
    }
}
