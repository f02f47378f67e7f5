package dev.datagen.dataset;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How a mask output is delivered in a batch. */
public enum MaskEncoding {
    /** uint8 class ids, shape (N, H, W): what sparse categorical losses take. */
    @JsonProperty("ids")
    IDS,
    /** One channel per class in the generator's dtype, laid out like the images. */
    @JsonProperty("onehot")
    ONEHOT
}
