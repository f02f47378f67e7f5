package dev.datagen.problem;

/**
 * A request field out of range or contradicting another, thrown where the request's records check their
 * invariants. When it stops Jackson building a request body, {@link ProblemHandler} answers with a problem of
 * {@code type} whose {@code field} is the whole path ({@code crop.scale}) and whose detail says why.
 */
public final class InvalidFieldException extends IllegalArgumentException {

    private final ProblemType type;
    private final String field;

    public InvalidFieldException(ProblemType type, String field, String reason) {
        super(reason, null);
        this.type = type;
        this.field = field;
    }

    public ProblemType type() {
        return type;
    }

    public String field() {
        return field;
    }
}
