package dev.datagen.payload;

import org.springframework.http.MediaType;

/** The formats a batch is served in. */
public final class BatchMediaTypes {

    public static final String NPZ_VALUE = "application/x-npz";
    public static final String ND4J_VALUE = "application/x-nd4j";
    /** The arrays as consecutive .npy files, in the generator's array order: no zip, no CRC, a known length. */
    public static final String NPY_VALUE = "application/x-npy";
    public static final MediaType NPZ = MediaType.parseMediaType(NPZ_VALUE);
    public static final MediaType ND4J = MediaType.parseMediaType(ND4J_VALUE);
    public static final MediaType NPY = MediaType.parseMediaType(NPY_VALUE);

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
        if (NPY.includes(type)) {
            return "npy";
        }
        return "json";
    }

    /** The media type of a short name, the inverse of {@link #formatName}. */
    public static MediaType ofFormat(String format) {
        return switch (format) {
            case "npz" -> NPZ;
            case "npy" -> NPY;
            case "nd4j" -> ND4J;
            default -> MediaType.APPLICATION_JSON;
        };
    }
}
