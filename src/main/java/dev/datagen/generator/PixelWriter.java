package dev.datagen.generator;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

import dev.datagen.payload.DType;

/**
 * Writes one sample's decoded HWC uint8 pixels into its slot of a batch array, converting to the batch's
 * dtype (with rescale) and layout on the way: the only copy between decoder or cache and the wire.
 */
final class PixelWriter {

    private static final VarHandle FLOAT = MethodHandles.byteArrayViewVarHandle(float[].class, ByteOrder.LITTLE_ENDIAN);

    private PixelWriter() {
    }

    static void image(byte[] hwc, int h, int w, int c, byte[] out, int slot, DType dtype, Layout layout, float scale) {
        int pixels = h * w;
        int sampleElements = pixels * c;
        if (dtype == DType.UINT8) {
            int base = slot * sampleElements;
            if (layout == Layout.NHWC || c == 1) {
                System.arraycopy(hwc, 0, out, base, sampleElements);
            } else {
                for (int p = 0; p < pixels; p++) {
                    for (int ch = 0; ch < c; ch++) {
                        out[base + ch * pixels + p] = hwc[p * c + ch];
                    }
                }
            }
            return;
        }
        int base = slot * sampleElements * 4;
        if (layout == Layout.NHWC || c == 1) {
            for (int i = 0; i < sampleElements; i++) {
                FLOAT.set(out, base + 4 * i, (hwc[i] & 0xFF) * scale);
            }
        } else {
            for (int p = 0; p < pixels; p++) {
                for (int ch = 0; ch < c; ch++) {
                    FLOAT.set(out, base + 4 * (ch * pixels + p), (hwc[p * c + ch] & 0xFF) * scale);
                }
            }
        }
    }

    /** Class ids as they are: (N, H, W) uint8. */
    static void maskIds(byte[] ids, byte[] out, int slot) {
        System.arraycopy(ids, 0, out, slot * ids.length, ids.length);
    }

    /** One channel per class, 1 where the pixel has that class: NHWC (N,H,W,C) or NCHW (N,C,H,W). */
    static void maskOneHot(byte[] ids, int classes, byte[] out, int slot, DType dtype, Layout layout) {
        int pixels = ids.length;
        int base = slot * pixels * classes;
        int width = dtype.bytes();
        // a slot may be rewritten when a sample is replaced (onError=skip): clear what an earlier one set
        java.util.Arrays.fill(out, base * width, (base + pixels * classes) * width, (byte) 0);
        for (int p = 0; p < pixels; p++) {
            int k = ids[p] & 0xFF;
            if (k >= classes) {
                throw new IllegalStateException("class id " + k + " is not below the output's " + classes + " classes");
            }
            int element = base + (layout == Layout.NHWC ? p * classes + k : k * pixels + p);
            if (dtype == DType.UINT8) {
                out[element] = 1;
            } else {
                FLOAT.set(out, 4 * element, 1f);
            }
        }
    }

    static void labels(float[] values, int from, int width, byte[] out, int slot) {
        int base = slot * width * 4;
        for (int i = 0; i < width; i++) {
            FLOAT.set(out, base + 4 * i, values[from + i]);
        }
    }
}
