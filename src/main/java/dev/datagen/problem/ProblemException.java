package dev.datagen.problem;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A refusal that becomes an RFC 9457 problem detail. The detail is written for a person and names the
 * file, line and reason; the properties carry the same facts for programs.
 */
public class ProblemException extends RuntimeException {

    private final ProblemType type;
    private final Map<String, Object> properties;

    public ProblemException(ProblemType type, String detail) {
        this(type, detail, Map.of(), null);
    }

    public ProblemException(ProblemType type, String detail, Map<String, ?> properties) {
        this(type, detail, properties, null);
    }

    public ProblemException(ProblemType type, String detail, Map<String, ?> properties, Throwable cause) {
        super(detail, cause);
        this.type = type;
        Map<String, Object> all = new LinkedHashMap<>(properties);
        if (type.retryAfterSeconds() > 0) {
            all.putIfAbsent("retryAfterSeconds", type.retryAfterSeconds());
        }
        this.properties = Collections.unmodifiableMap(all);
    }

    public static ProblemException notFound(String detail) {
        return new ProblemException(ProblemType.NOT_FOUND, detail);
    }

    public static ProblemException badRequest(String detail) {
        return new ProblemException(ProblemType.INVALID_REQUEST, detail);
    }

    public ProblemType type() {
        return type;
    }

    public Map<String, Object> properties() {
        return properties;
    }
}
