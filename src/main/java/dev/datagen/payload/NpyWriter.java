package dev.datagen.payload;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes the numpy {@code .npy} format, version 1.0: magic, a header dict padded with spaces so the data
 * starts at a multiple of 64 bytes, then the raw C-order data.
 * See https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html.
 */
final class NpyWriter {

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0};

    private NpyWriter() {
    }

    /** The header (magic, length, dict) for an array. */
    public static byte[] header(DType dtype, long[] shape) {
        StringBuilder dict = new StringBuilder("{'descr': '").append(dtype.numpy())
                .append("', 'fortran_order': False, 'shape': (");
        for (int i = 0; i < shape.length; i++) {
            dict.append(shape[i]).append(shape.length == 1 ? "," : i < shape.length - 1 ? ", " : "");
        }
        dict.append("), }");
        int unpadded = MAGIC.length + 2 + dict.length() + 1;
        int padding = (64 - unpadded % 64) % 64;
        dict.append(" ".repeat(padding)).append('\n');
        byte[] text = dict.toString().getBytes(StandardCharsets.US_ASCII);
        if (text.length > 0xFFFF) {
            throw new IllegalArgumentException("npy header too long");
        }
        byte[] header = new byte[MAGIC.length + 2 + text.length];
        System.arraycopy(MAGIC, 0, header, 0, MAGIC.length);
        header[8] = (byte) text.length;
        header[9] = (byte) (text.length >>> 8);
        System.arraycopy(text, 0, header, 10, text.length);
        return header;
    }

    public static long size(NdArray array) {
        return header(array.dtype(), array.shape()).length + (long) array.data().length;
    }

    public static void write(NdArray array, OutputStream out) throws IOException {
        out.write(header(array.dtype(), array.shape()));
        out.write(array.data());
    }
}
