package dev.datagen.payload;

import org.springframework.http.MediaType;

/** The formats a batch is served in. */
public final class BatchMediaTypes {

    public static final String NPZ_VALUE = "application/x-npz";
    public static final String ND4J_VALUE = "application/x-nd4j";
    public static final MediaType NPZ = MediaType.parseMediaType(NPZ_VALUE);
    public static final MediaType ND4J = MediaType.parseMediaType(ND4J_VALUE);

    private BatchMediaTypes() {
    }

    /** The short name used in metric tags. */
    public static String formatName(MediaType type) {
        if (NPZ.includes(type)) {
            return "npz";
        }
        if (ND4J.includes(type)) {
            return "nd4j";
        }
        return "json";
    }
}
