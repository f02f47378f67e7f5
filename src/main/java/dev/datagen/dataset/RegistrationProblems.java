package dev.datagen.dataset;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.datagen.objects.ObjectStoreException;
import dev.datagen.problem.ProblemException;
import dev.datagen.problem.ProblemType;
import dev.datagen.problem.Quote;

/** Builds the problem details of a refused registration, each naming the part, the line and the reason. */
final class RegistrationProblems {

    private RegistrationProblems() {
    }

    static ProblemException at(ProblemType type, String part, long line, String reason) {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("part", part);
        if (line > 0) {
            props.put("line", line);
        }
        props.put("reason", reason);
        String where = line > 0 ? part + ", line " + line : part;
        return new ProblemException(type, where + ": " + reason, props);
    }

    static ProblemException part(ProblemType type, String part, String reason) {
        return at(type, part, 0, reason);
    }

    /** A part whose name came from the request: quoted (control characters escaped) in the detail, as sent in "part". */
    static ProblemException named(ProblemType type, String part, String reason) {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("part", part);
        props.put("reason", reason);
        return new ProblemException(type, Quote.of(part) + ": " + reason, props);
    }

    /**
     * A read from the object store that failed at {@code part}, {@code line}: {@code otherwise} when the
     * object is at fault; when the store is (down, failing, refusing the credentials), a 503 to retry, since
     * that is no fault of what was sent.
     */
    static ProblemException store(ObjectStoreException e, ProblemType otherwise, String part, long line,
            String reason) {
        return at(e.storeAtFault() ? ProblemType.OBJECT_STORE_UNAVAILABLE : otherwise, part, line, reason);
    }
}
