package dev.datagen.image;

/** An image that cannot be used: unreadable, undecodable, too large, or of the wrong kind. */
public class ImageException extends RuntimeException {

    public ImageException(String reason) {
        super(reason);
    }

    public ImageException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
