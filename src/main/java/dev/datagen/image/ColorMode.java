package dev.datagen.image;

import com.fasterxml.jackson.annotation.JsonValue;

/** How an input's pixels are delivered: three channels in RGB order, or one luminance channel. */
public enum ColorMode {
    RGB("rgb", 3),
    GRAYSCALE("grayscale", 1);

    private final String json;
    private final int channels;

    ColorMode(String json, int channels) {
        this.json = json;
        this.channels = channels;
    }

    @JsonValue
    public String json() {
        return json;
    }

    public int channels() {
        return channels;
    }

    /** The natural mode for an image with this many stored channels (alpha is dropped). */
    public static ColorMode ofChannels(int channels) {
        return channels == 1 ? GRAYSCALE : RGB;
    }
}
