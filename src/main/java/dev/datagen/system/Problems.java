package dev.datagen.system;

import java.io.IOException;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.json.ProblemDetailJacksonMixin;

import com.fasterxml.jackson.annotation.JsonInclude;

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

    private Problems() {
    }

    public static ProblemDetail of(ProblemType type, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(type.status(), detail);
        problem.setType(type.type());
        problem.setTitle(type.title());
        return problem;
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

    /** The problem as JSON text, for writers that only have a character stream. */
    static String json(ProblemDetail problem) {
        return PLAIN.writeValueAsString(problem);
    }
}
