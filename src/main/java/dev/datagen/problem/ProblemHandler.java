package dev.datagen.problem;

import javax.sql.DataSource;

import jakarta.servlet.MultipartConfigElement;

import com.zaxxer.hikari.HikariDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.transaction.TransactionException;
import org.springframework.util.unit.DataSize;
import org.springframework.web.ErrorResponse;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;


/**
 * Turns every failure into an RFC 9457 problem detail with a stable type. Messages that come from
 * libraries are cleaned of class names; unexpected exceptions are logged and answered without details.
 */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);
    private final ObjectProvider<MultipartConfigElement> upload;

    private final ObjectProvider<DataSource> dataSource;

    ProblemHandler(ObjectProvider<MultipartConfigElement> upload, ObjectProvider<DataSource> dataSource) {
        this.upload = upload;
        this.dataSource = dataSource;
    }

    private static final java.net.URI ABOUT_BLANK = java.net.URI.create("about:blank");

    @ExceptionHandler(ProblemException.class)
    ResponseEntity<Object> handleProblem(ProblemException ex, WebRequest request) {
        ProblemDetail body = Problems.of(ex);
        HttpHeaders headers = new HttpHeaders();
        ex.type().retryAfterHeader().ifPresent(seconds -> headers.set(HttpHeaders.RETRY_AFTER, seconds));
        return handleExceptionInternal(ex, body, headers, ex.type().status(), request);
    }

    /** The registry database failed (down, disk full, read-only): nothing was committed. */
    @ExceptionHandler({DataAccessException.class, TransactionException.class})
    ResponseEntity<Object> handleStorageDown(RuntimeException ex, WebRequest request) {
        log.error("registry database failed", ex);
        // H2 closes itself after a failed write (a full disk); pooled connections would stay dead after the
        // disk has room again. Retire them all, so the next request reopens the database from its last commit.
        // A constraint violation is the database working as it should: its connections stay.
        if (!(ex instanceof DataIntegrityViolationException)
                && dataSource.getIfAvailable() instanceof HikariDataSource hikari && hikari.getHikariPoolMXBean() != null) {
            hikari.getHikariPoolMXBean().softEvictConnections();
        }
        ProblemType type = ProblemType.STORAGE_UNAVAILABLE;
        ProblemDetail body = Problems.of(type, "The registry database cannot be reached or written; nothing was changed.");
        return handleExceptionInternal(ex, body, new HttpHeaders(), type.status(), request);
    }

    /** A malformed or truncated multipart body (no boundary, no closing delimiter): the client's fault. */
    @ExceptionHandler(MultipartException.class)
    ResponseEntity<Object> handleMalformedMultipart(MultipartException ex, WebRequest request) {
        ProblemType type = ProblemType.INVALID_REQUEST;
        ProblemDetail body = Problems.of(type,
                "The multipart body cannot be read: it has no boundary, a malformed part header, or no closing delimiter.");
        return handleExceptionInternal(ex, body, new HttpHeaders(), type.status(), request);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> handleUnexpected(Exception ex, WebRequest request) {
        log.error("unexpected failure on {}", request.getDescription(false), ex);
        ProblemType type = ProblemType.INTERNAL_ERROR;
        ProblemDetail body = Problems.of(type, "An unexpected error occurred; the server log has the details.");
        return handleExceptionInternal(ex, body, new HttpHeaders(), type.status(), request);
    }

    @Override
    protected ResponseEntity<Object> handleMaxUploadSizeExceededException(MaxUploadSizeExceededException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        MultipartConfigElement limits = upload.getObject();
        DataSize maxFile = DataSize.ofBytes(limits.getMaxFileSize());
        DataSize maxRequest = DataSize.ofBytes(limits.getMaxRequestSize());
        ProblemDetail body = Problems.of(ProblemType.UPLOAD_TOO_LARGE, "The upload is larger than the service accepts: "
                + "each list file at most " + maxFile + " (datagen.upload.max-file-size), the whole request "
                + "at most " + maxRequest + " (datagen.upload.max-request-size), and a bounded number of "
                + "parts and part headers.");
        body.setProperty("maxFileSize", maxFile.toBytes());
        body.setProperty("maxRequestSize", maxRequest.toBytes());
        return handleExceptionInternal(ex, body, headers, status, request);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (t instanceof BodyTooLargeException tooLarge) {
                ProblemDetail body = BodyTooLargeException.problem("more than " + tooLarge.max() + " bytes", tooLarge.max());
                return handleExceptionInternal(ex, body, headers, ProblemType.REQUEST_TOO_LARGE.status(), request);
            }
        }
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (t instanceof InvalidFieldException invalid) {
                String at = Problems.jsonPath(ex);
                String field = at.isEmpty() ? invalid.field() : at + "." + invalid.field();
                // a record's reason may start with its own field's name, which the path already gives
                String reason = invalid.getMessage().startsWith(invalid.field() + " ")
                        ? invalid.getMessage().substring(invalid.field().length() + 1) : invalid.getMessage();
                ProblemDetail body = Problems.of(invalid.type(), field + ": " + reason + ".");
                body.setProperty("field", field);
                return handleExceptionInternal(ex, body, headers, invalid.type().status(), request);
            }
        }
        String reason = ex.getMostSpecificCause().getMessage();
        String field = Problems.jsonPath(ex);
        if (!field.isEmpty()) {
            // a value of the wrong type or outside an enum: say where, as for the records' own checks
            ProblemDetail body = Problems.of(ProblemType.INVALID_REQUEST, field + ": " + JsonReasons.of(ex) + ".");
            body.setProperty("field", field);
            return handleExceptionInternal(ex, body, headers, status, request);
        }
        // Spring says "Required request body is missing: <the handler's Java signature>" for an empty or null body
        String detail = reason != null && reason.startsWith("Required request body is missing")
                ? "The request body is missing or null; send a JSON object."
                : "The request body cannot be read" + JsonReasons.location(ex) + ": " + JsonReasons.of(ex) + ".";
        return handleExceptionInternal(ex, Problems.of(ProblemType.INVALID_REQUEST, detail), headers, status, request);
    }

    /** Spring says "Content-Type 'null' is not supported" when there is none; say what to send instead. */
    @Override
    protected ResponseEntity<Object> handleHttpMediaTypeNotSupported(HttpMediaTypeNotSupportedException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String sent = ex.getContentType() == null ? "no Content-Type" : "Content-Type " + ex.getContentType();
        String wanted = String.join(" or ", ex.getSupportedMediaTypes().stream().map(Object::toString).toList());
        ProblemDetail body = Problems.of(ProblemType.forStatus(status.value()), "This endpoint reads " + wanted
                + "; the request was sent with " + sent + ".");
        return handleExceptionInternal(ex, body, headers, status, request);
    }

    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
            HttpStatusCode statusCode, WebRequest request) {
        if (body == null && ex instanceof ErrorResponse error) {
            body = error.updateAndGetBody(getMessageSource(), LocaleContextHolder.getLocale());
        }
        if (body instanceof ProblemDetail problem) {
            // our own problems already carry their type and a detail we wrote; library ones get the
            // type of their status, and their message is cleaned of Java names
            boolean ours = ex instanceof ProblemException
                    || problem.getType() != null && !ABOUT_BLANK.equals(problem.getType());
            if (!ours) {
                ProblemType type = ProblemType.forStatus(statusCode.value());
                problem.setType(type.type());
                problem.setTitle(type.title());
                if (problem.getDetail() != null) {
                    problem.setDetail(Problems.libraryMessage(problem.getDetail()));
                }
            } else if (ex instanceof ProblemException p) {
                problem.setType(p.type().type());
                problem.setTitle(p.type().title());
            }
        }
        return super.handleExceptionInternal(ex, body, headers, statusCode, request);
    }
}
