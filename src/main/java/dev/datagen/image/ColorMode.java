package dev.datagen.image;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How an input's pixels are delivered: three channels in RGB order, or one luminance channel. */
public enum ColorMode {
    @JsonProperty("rgb")
    RGB(3),
    @JsonProperty("grayscale")
    GRAYSCALE(1);

    private final int channels;

    ColorMode(int channels) {
        this.channels = channels;
    }

    public int channels() {
        return channels;
    }

    /** The natural mode for an image with this many stored channels (alpha is dropped). */
    public static ColorMode ofChannels(int channels) {
        return channels == 1 ? GRAYSCALE : RGB;
    }
}
