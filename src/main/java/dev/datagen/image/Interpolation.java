package dev.datagen.image;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * How an input's images are resized, as Keras' {@code interpolation} argument names the methods. Masks are
 * always resized nearest-neighbour, whatever their dataset says.
 */
public enum Interpolation {
    /**
     * The default: bilinear, except that a crop or letterbox shrinking by more than two, and a JPEG decoded
     * at a reduced scale, are averaged by area (no aliasing). Plain stretches of images decoded in full keep
     * the bilinear bytes they always had.
     */
    @JsonProperty("auto")
    AUTO,
    /** Bilinear everywhere, as Keras' default: aliases when shrinking by more than two. */
    @JsonProperty("bilinear")
    BILINEAR,
    /** Averaged by area: the antialiased downscale. */
    @JsonProperty("area")
    AREA,
    @JsonProperty("bicubic")
    BICUBIC,
    @JsonProperty("nearest")
    NEAREST
}
