package dev.datagen.generator;

import com.fasterxml.jackson.annotation.JsonValue;

/** Axis order of image arrays: channels last (Keras, TensorFlow) or channels first (PyTorch, DL4J). */
public enum Layout {
    NHWC("NHWC"),
    NCHW("NCHW");

    private final String json;

    Layout(String json) {
        this.json = json;
    }

    @JsonValue
    public String json() {
        return json;
    }
}
