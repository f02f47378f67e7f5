package dev.datagen.objects;

import java.io.IOException;

/**
 * A request to the object store that failed after its retries, with a reason a user can act on and never a
 * credential: the SDK's own messages are not passed on.
 */
public final class ObjectStoreException extends IOException {

    /** What went wrong, as far as the store said. */
    public enum Kind {
        /** No such object (or prefix). */
        NOT_FOUND,
        /** No such bucket. */
        NO_BUCKET,
        /** The credentials were refused, or they may not read this. */
        DENIED,
        /** The store could not be reached, or kept failing (throttling, 5xx, timeouts) through every retry. */
        UNAVAILABLE,
        /** The object is larger than any image the service reads. */
        TOO_LARGE
    }

    private final Kind kind;

    public ObjectStoreException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    /**
     * Whether the store, not the object, is at fault (unreachable, failing, refusing the service's
     * credentials): asking again later may succeed, and skipping the sample would only hide the outage.
     */
    public boolean storeAtFault() {
        return kind == Kind.UNAVAILABLE || kind == Kind.DENIED;
    }
}
