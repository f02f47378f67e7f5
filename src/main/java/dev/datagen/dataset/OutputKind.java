package dev.datagen.dataset;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What a model output's labels are. */
public enum OutputKind {
    /** One-hot vectors: exactly one class per sample. */
    @JsonProperty("categorical")
    CATEGORICAL,
    /** Multi-hot (or any real-valued) vectors. */
    @JsonProperty("multilabel")
    MULTILABEL,
    /** A per-pixel class-id image (segmentation). */
    @JsonProperty("mask")
    MASK;

    

    public boolean isVector() {
        return this != MASK;
    }
}
