package dev.datagen.payload;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Element types a batch carries, with their numpy descriptors (always little-endian). */
public enum DType {
    @JsonProperty("float32")
    FLOAT32("<f4", 4),
    @JsonProperty("uint8")
    UINT8("|u1", 1);

    private final String numpy;
    private final int bytes;

    DType(String numpy, int bytes) {
        this.numpy = numpy;
        this.bytes = bytes;
    }

    /** The npy {@code descr}. */
    public String numpy() {
        return numpy;
    }

    public int bytes() {
        return bytes;
    }
}
