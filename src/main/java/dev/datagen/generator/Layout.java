package dev.datagen.generator;

/** Axis order of image arrays: channels last (Keras, TensorFlow) or channels first (PyTorch, DL4J). */
public enum Layout {
    NHWC,
    NCHW
}
