package dev.datagen.generator;

import com.fasterxml.jackson.annotation.JsonValue;

/** What a batch does when one of its images became unreadable after registration. */
public enum OnError {
    /** Refuse the batch with a problem detail naming the sample. */
    FAIL("fail"),
    /** Use the next readable sample of the epoch in its place, and count it. */
    SKIP("skip");

    private final String json;

    OnError(String json) {
        this.json = json;
    }

    @JsonValue
    public String json() {
        return json;
    }
}
