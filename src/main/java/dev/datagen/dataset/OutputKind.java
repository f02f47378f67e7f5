package dev.datagen.dataset;

import com.fasterxml.jackson.annotation.JsonValue;

/** What a model output's labels are. */
public enum OutputKind {
    /** One-hot vectors: exactly one class per sample. */
    CATEGORICAL("categorical"),
    /** Multi-hot (or any real-valued) vectors. */
    MULTILABEL("multilabel"),
    /** A per-pixel class-id image (segmentation). */
    MASK("mask");

    private final String json;

    OutputKind(String json) {
        this.json = json;
    }

    @JsonValue
    public String json() {
        return json;
    }

    public boolean isVector() {
        return this != MASK;
    }
}
