package dev.datagen.payload;

import java.util.Arrays;

/**
 * One named array of a batch: C-order (row-major), little-endian elements, batch dimension first.
 *
 * @param role input or output, as the model sees it
 */
public record NdArray(String name, Role role, DType dtype, long[] shape, byte[] data) {

    public enum Role { INPUT, OUTPUT }

    public NdArray {
        long elements = elements(shape);
        if (elements * dtype.bytes() != data.length) {
            throw new IllegalArgumentException("array " + name + " of shape " + Arrays.toString(shape) + " and "
                    + dtype.name().toLowerCase(java.util.Locale.ROOT) + " needs " + elements * dtype.bytes() + " bytes, has " + data.length);
        }
    }

    public static long elements(long[] shape) {
        long n = 1;
        for (long d : shape) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }
}
