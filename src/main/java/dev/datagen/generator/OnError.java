package dev.datagen.generator;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What a batch does when one of its images became unreadable after registration. */
public enum OnError {
    /** Refuse the batch with a problem detail naming the sample. */
    @JsonProperty("fail")
    FAIL,
    /** Use the next readable sample of the epoch in its place, and count it. */
    @JsonProperty("skip")
    SKIP
}
