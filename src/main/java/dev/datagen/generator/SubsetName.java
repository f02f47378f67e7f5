package dev.datagen.generator;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Which side of a validation split a generator reads. */
public enum SubsetName {
    @JsonProperty("training") TRAINING,
    @JsonProperty("validation") VALIDATION
}
