package dev.datagen.dataset;

/** An image path or key that is refused: {@code notAllowed} when it leaves the data roots or is malformed, else missing. */
public final class PathRefusedException extends RuntimeException {

    private final boolean notAllowed;

    PathRefusedException(boolean notAllowed, String reason) {
        super(reason, null, false, false);
        this.notAllowed = notAllowed;
    }

    public boolean notAllowed() {
        return notAllowed;
    }
}
