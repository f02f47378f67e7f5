package dev.datagen.generator;

import java.util.Map;

import dev.datagen.objects.ObjectStoreException;
import dev.datagen.problem.ProblemException;
import dev.datagen.problem.ProblemType;

/** An image of a sample that cannot be read now (deleted, changed, corrupted or replaced since registration). */
final class UnreadableSample extends Exception {

    private final String field;
    private final String path;

    UnreadableSample(String field, String path, String reason) {
        super(reason, null, false, false);
        this.field = field;
        this.path = path;
    }

    /**
     * The sample's object could not be read: unreadable when the object is at fault (deleted, too large), so
     * the generator's onError applies; a 503 when the store is (down, throttling, refusing the credentials),
     * since skipping would silently change the batch for an outage that retrying outlives.
     */
    static UnreadableSample of(String field, String path, ObjectStoreException e) {
        if (e.storeAtFault()) {
            throw new ProblemException(ProblemType.OBJECT_STORE_UNAVAILABLE, "Reading " + path + " failed: "
                    + e.getMessage() + ". Retry in a few seconds.", Map.of("path", path));
        }
        return new UnreadableSample(field, path, e.getMessage());
    }

    String field() {
        return field;
    }

    String path() {
        return path;
    }
}
