package dev.datagen.storage;

import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;

/** A configured folder the service cannot use; stops start-up (see {@link LocationFailureAnalyzer}). */
public final class LocationException extends RuntimeException {

    private final String property;
    private final String path;
    private final String reason;

    public LocationException(String property, String path, String reason) {
        super(property + " = " + path + ": " + reason, null, false, false);
        this.property = property;
        this.path = path;
        this.reason = reason;
    }

    public String property() {
        return property;
    }

    public String path() {
        return path;
    }

    public String reason() {
        return reason;
    }

    /** What the operating system said, without Java class names. */
    public static String reason(java.io.IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "a folder on the way does not exist";
        }
        if (e instanceof FileSystemException fs && fs.getReason() != null) {
            return fs.getReason().toLowerCase(java.util.Locale.ROOT);
        }
        return e.getMessage() == null ? "an I/O error" : e.getMessage();
    }
}
