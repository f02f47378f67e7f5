package dev.datagen.generator;

/** An image of a sample that cannot be read now (deleted, changed, corrupted or replaced since registration). */
final class UnreadableSample extends Exception {

    private final String field;
    private final String path;

    UnreadableSample(String field, String path, String reason) {
        super(reason, null, false, false);
        this.field = field;
        this.path = path;
    }

    String field() {
        return field;
    }

    String path() {
        return path;
    }
}
