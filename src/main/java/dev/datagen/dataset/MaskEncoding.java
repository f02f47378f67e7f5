package dev.datagen.dataset;

import com.fasterxml.jackson.annotation.JsonValue;

/** How a mask output is delivered in a batch. */
public enum MaskEncoding {
    /** uint8 class ids, shape (N, H, W): what sparse categorical losses take. */
    IDS("ids"),
    /** One channel per class in the generator's dtype, laid out like the images. */
    ONEHOT("onehot");

    private final String json;

    MaskEncoding(String json) {
        this.json = json;
    }

    @JsonValue
    public String json() {
        return json;
    }
}
