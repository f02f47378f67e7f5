package dev.datagen.problem;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.springframework.http.ProblemDetail;

/**
 * Tomcat's report for requests it refuses before Spring sees them (a NUL byte or an encoded '/' in the
 * path, a path above the root, an oversized request line or header): a problem detail with a stable type
 * instead of Tomcat's HTML page.
 */
final class ProblemReportValve extends ErrorReportValve {

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        AtomicBoolean ioAllowed = new AtomicBoolean(true);
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
        if (!ioAllowed.get()) {
            return;
        }
        ProblemType type = ProblemType.forStatus(status);
        String detail = status >= 500 ? "An unexpected error occurred; the server log has the details."
                : "The request was refused before it reached the service: its URL or headers are malformed "
                        + "(a NUL byte, an encoded '/', a path above the root) or too large.";
        try {
            response.setContentType("application/problem+json");
            response.setCharacterEncoding("UTF-8");
            PrintWriter writer = response.getReporter();
            if (writer != null) {
                ProblemDetail problem = Problems.of(type, detail);
                problem.setStatus(status);
                writer.write(Problems.json(problem));
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // the connection is gone or the response committed: nothing more to say
        }
    }
}
