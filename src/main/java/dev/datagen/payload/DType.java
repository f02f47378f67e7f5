package dev.datagen.payload;

import com.fasterxml.jackson.annotation.JsonValue;

/** Element types a batch carries, with their numpy descriptors (always little-endian). */
public enum DType {
    FLOAT32("float32", "<f4", 4),
    UINT8("uint8", "|u1", 1);

    private final String json;
    private final String numpy;
    private final int bytes;

    DType(String json, String numpy, int bytes) {
        this.json = json;
        this.numpy = numpy;
        this.bytes = bytes;
    }

    @JsonValue
    public String json() {
        return json;
    }

    /** The npy {@code descr}. */
    public String numpy() {
        return numpy;
    }

    public int bytes() {
        return bytes;
    }
}
