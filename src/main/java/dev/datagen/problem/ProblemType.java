package dev.datagen.problem;

import java.net.URI;
import java.util.Optional;

import org.springframework.http.HttpStatus;

/**
 * Every kind of refusal the API gives. The {@link #type()} URI is stable: clients may branch on it, and
 * {@code GET /problems/{slug}} explains it to a person.
 */
public enum ProblemType {
    INVALID_REQUEST("invalid-request", HttpStatus.BAD_REQUEST, "Invalid request",
            "A parameter or field is missing, malformed or out of range."),
    INVALID_NAME("invalid-name", HttpStatus.BAD_REQUEST, "Invalid name",
            "Dataset names match ^[a-z0-9][a-z0-9._-]{0,63}$; input and output names match ^[a-z][a-z0-9_]{0,31}$ and must not clash."),
    INVALID_LIST_FILE("invalid-list-file", HttpStatus.BAD_REQUEST, "Invalid list file",
            "A data or label list file is empty, has a line that cannot be parsed, or disagrees with the other files of its split. The detail names the part, the line and the reason."),
    INVALID_IMAGE("invalid-image", HttpStatus.BAD_REQUEST, "Invalid image",
            "An image listed for registration does not exist, cannot be decoded, is too large, or has other channels than the rest of its input."),
    PATH_NOT_ALLOWED("path-not-allowed", HttpStatus.BAD_REQUEST, "Path outside the data roots",
            "A path resolves (after normalising '..' and following symlinks) outside every folder of datagen.data-roots, or contains characters that are not allowed in paths."),
    INVALID_SPEC("invalid-spec", HttpStatus.BAD_REQUEST, "Invalid spec",
            "The spec part is not valid JSON, names an unknown input or output, or contradicts the list files."),
    INVALID_GENERATOR("invalid-generator", HttpStatus.BAD_REQUEST, "Invalid generator settings",
            "A generator setting is out of range or does not fit the dataset."),
    NAME_TAKEN("name-taken", HttpStatus.CONFLICT, "Name taken",
            "A dataset with this name is already registered."),
    NOT_FOUND("not-found", HttpStatus.NOT_FOUND, "Not found",
            "No dataset, split, sample, generator or batch has this name or number."),
    NOT_ACCEPTABLE("not-acceptable", HttpStatus.NOT_ACCEPTABLE, "Not acceptable",
            "The Accept header asks for a format the endpoint does not produce."),
    UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Unsupported media type",
            "The request body has a content type the endpoint does not read."),
    METHOD_NOT_ALLOWED("method-not-allowed", HttpStatus.METHOD_NOT_ALLOWED, "Method not allowed",
            "The resource does not support this HTTP method."),
    UPLOAD_TOO_LARGE("upload-too-large", HttpStatus.CONTENT_TOO_LARGE, "Upload too large",
            "An uploaded file or the whole request is larger than datagen.upload allows."),
    SAMPLE_UNREADABLE("sample-unreadable", HttpStatus.UNPROCESSABLE_CONTENT, "Sample unreadable",
            "An image of a registered sample was deleted, changed or corrupted after registration, and the generator's onError policy is 'fail' (or 'skip', and no sample of the split is readable)."),
    UNAUTHORIZED("unauthorized", HttpStatus.UNAUTHORIZED, "Unauthorized",
            "This request changes the registry and needs 'Authorization: Bearer <datagen.security.api-key>'."),
    STORAGE_UNAVAILABLE("storage-unavailable", HttpStatus.SERVICE_UNAVAILABLE, "Storage unavailable",
            "The storage directory or the registry database cannot be written (disk full, read-only, or down). Nothing was changed."),
    INTERNAL_ERROR("internal-error", HttpStatus.INTERNAL_SERVER_ERROR, "Internal error",
            "An unexpected failure; the server log has the details. Nothing was changed."),
    REQUEST_TOO_LARGE("request-too-large", HttpStatus.CONTENT_TOO_LARGE, "Request too large",
            "A request body other than a registration upload (JSON, a form) is larger than datagen.limits.max-request-body allows."),
    CROSS_SITE_REQUEST("cross-site-request", HttpStatus.FORBIDDEN, "Cross-site request refused",
            "A browser sent this change from another site's page (its Origin or Sec-Fetch-Site header says so). Changes are accepted from the service's own pages and from clients that are not browsers (curl, the trainer clients)."),
    OBJECT_STORE_UNAVAILABLE("object-store-unavailable", HttpStatus.SERVICE_UNAVAILABLE, "Object store unavailable",
            "The object store of an s3:// data root could not be reached, kept failing (throttling, 5xx answers, timeouts) through every retry, or refused the service's credentials. This is not the sample's fault, so onError: skip does not apply; nothing was changed. Retry after the time the Retry-After header gives; /actuator/health says which root is down and why.",
            5),
    SERVICE_BUSY("service-busy", HttpStatus.SERVICE_UNAVAILABLE, "Service busy",
            "Batches already being built and sent hold all the memory set aside for them (datagen.limits.serving-memory); retry after the time the Retry-After header gives.",
            5);

    private final String slug;
    private final HttpStatus status;
    private final String title;
    private final String description;
    private final int retryAfterSeconds;

    ProblemType(String slug, HttpStatus status, String title, String description) {
        this(slug, status, title, description, 0);
    }

    /** @param retryAfterSeconds for a passing condition (an outage, a busy spell): when to try again */
    ProblemType(String slug, HttpStatus status, String title, String description, int retryAfterSeconds) {
        this.slug = slug;
        this.status = status;
        this.title = title;
        this.description = description;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** Seconds after which a retry may succeed (the answer's {@code Retry-After}); 0 when retrying will not help. */
    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }

    /** The {@code Retry-After} header's value for this type, or empty when retrying will not help. */
    public Optional<String> retryAfterHeader() {
        return retryAfterSeconds > 0 ? Optional.of(String.valueOf(retryAfterSeconds))
                : Optional.empty();
    }

    public URI type() {
        return URI.create("/problems/" + slug);
    }

    public String slug() {
        return slug;
    }

    public HttpStatus status() {
        return status;
    }

    public String title() {
        return title;
    }

    public String description() {
        return description;
    }

    /** Types only ever given on purpose, never as the generic answer for their status. */
    private static final java.util.Set<ProblemType> SPECIFIC = java.util.EnumSet.of(REQUEST_TOO_LARGE,
            CROSS_SITE_REQUEST, SERVICE_BUSY);

    public static ProblemType forStatus(int status) {
        for (ProblemType t : values()) {
            if (t.status.value() == status && !SPECIFIC.contains(t)) {
                return t;
            }
        }
        return status >= 500 ? INTERNAL_ERROR : INVALID_REQUEST;
    }
}
