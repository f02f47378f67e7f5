package dev.datagen.problem;

import java.io.IOException;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.json.ProblemDetailJacksonMixin;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one place a problem detail is made: type, title and status from the {@link ProblemType}, the detail
 * given. Handlers that run before Spring MVC (security filters, request guards, Tomcat's error valve) write
 * it with {@link #write}.
 */
public final class Problems {

    /** Written as Spring MVC writes them (properties at the top level, nulls left out), without a context. */
    private static final JsonMapper PLAIN = JsonMapper.builder()
            .addMixIn(ProblemDetail.class, ProblemDetailJacksonMixin.class)
            .changeDefaultPropertyInclusion(i -> i.withValueInclusion(JsonInclude.Include.NON_NULL))
            .build();

    /** A Java class name: two or more package segments, so that a file name ('cam/missing.PNG') is not one. */
    private static final Pattern QUALIFIED_NAME = Pattern.compile("\\b(?:[a-z][a-z0-9_]*\\.){2,}([A-Z][A-Za-z0-9_$]*)");

    private Problems() {
    }

    public static ProblemDetail of(ProblemType type, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(type.status(), detail);
        problem.setType(type.type());
        problem.setTitle(type.title());
        return problem;
    }

    /** The problem a {@link ProblemException} stands for, its properties included. */
    public static ProblemDetail of(ProblemException ex) {
        ProblemDetail problem = of(ex.type(), ex.getMessage());
        ex.properties().forEach(problem::setProperty);
        return problem;
    }

    /**
     * Writes a {@link ProblemException} as the whole response, as Spring MVC's handler does: with the request's
     * path as its instance and, for a type that says when to come back, {@code Retry-After}.
     */
    public static void write(HttpServletRequest request, HttpServletResponse response, ProblemException ex)
            throws IOException {
        ProblemDetail problem = of(ex);
        problem.setInstance(java.net.URI.create(request.getRequestURI()));
        if (!response.isCommitted()) {
            ex.type().retryAfterHeader().ifPresent(seconds -> response.setHeader(HttpHeaders.RETRY_AFTER, seconds));
        }
        write(response, problem);
    }

    /** Writes {@code problem} as the whole response, unless the response is already committed. */
    public static void write(HttpServletResponse response, ProblemDetail problem) throws IOException {
        if (response.isCommitted()) {
            return;
        }
        response.resetBuffer();
        response.setStatus(problem.getStatus());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        PLAIN.writeValue(response.getOutputStream(), problem);
    }

    /**
     * A library's message (Jackson's, Spring's) as a detail may quote it: its first line, Java class names
     * shortened to their simple name, at most about 500 characters.
     */
    public static String libraryMessage(String message) {
        if (message == null) {
            return "";
        }
        int nl = message.indexOf('\n');
        String line = nl < 0 ? message : message.substring(0, nl);
        // bound the input first: the pattern recurses once per dotted word, so a long run of them in a
        // quoted input ('a.a.a...') would overflow the stack or backtrack for minutes
        boolean cut = line.length() > 600;
        String cleaned = QUALIFIED_NAME.matcher(cut ? line.substring(0, 600) : line).replaceAll("$1");
        return cut || cleaned.length() > 500 ? cleaned.substring(0, Math.min(500, cleaned.length())) + "..." : cleaned;
    }

    /** The problem as JSON text, for writers that only have a character stream. */
    static String json(ProblemDetail problem) {
        return PLAIN.writeValueAsString(problem);
    }

    /**
     * Where in the body Jackson was when it failed or a record refused its values: {@code crop} for a field of
     * crop, {@code normalize.mean[1]} for an element; empty when not known.
     */
    public static String jsonPath(Throwable ex) {
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (t instanceof DatabindException d && !d.getPath().isEmpty()) {
                StringBuilder path = new StringBuilder();
                for (JacksonException.Reference r : d.getPath()) {
                    if (r.getPropertyName() != null) {
                        path.append(path.isEmpty() ? "" : ".").append(r.getPropertyName());
                    } else if (r.getIndex() >= 0) {
                        path.append('[').append(r.getIndex()).append(']');
                    }
                }
                return path.toString();
            }
        }
        return "";
    }
}
