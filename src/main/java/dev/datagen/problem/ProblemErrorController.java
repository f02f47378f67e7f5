package dev.datagen.problem;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Hidden;

/**
 * {@code /error}, where the servlet container forwards what failed outside Spring MVC (a filter, a
 * rejected request): a problem detail like every other refusal, instead of Boot's whitelabel page. Asked
 * for directly, it is simply not found.
 */
@Hidden
@RestController
class ProblemErrorController implements ErrorController {

    @RequestMapping("/error")
    ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer i && i >= 400 ? i : HttpStatus.NOT_FOUND.value();
        ProblemType type = code == null ? ProblemType.NOT_FOUND : ProblemType.forStatus(status);
        String detail = code == null ? "There is nothing at /error."
                : status >= 500 ? "An unexpected error occurred; the server log has the details."
                : "The request was refused before it reached the service (HTTP " + status + ").";
        ProblemDetail problem = Problems.of(type, detail);
        problem.setStatus(status);
        if (request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI) instanceof String uri) {
            try {
                problem.setInstance(java.net.URI.create(uri));
            } catch (IllegalArgumentException unparsable) {
                // the URI was refused for being malformed: the problem says so without repeating it
            }
        }
        // no content type set here: Spring MVC writes a ProblemDetail as application/problem+json whatever
        // the Accept header asks for (a browser's text/html, a TRACE's anything)
        return ResponseEntity.status(status).body(problem);
    }
}
