package dev.datagen.generator;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

import dev.datagen.image.MaskColors;
import dev.datagen.image.Png;
import dev.datagen.payload.DType;
import dev.datagen.payload.NdArray;

/**
 * One sample of one array of a batch as a PNG, from the very bytes the payload holds: uint8 images exactly;
 * float32 images mapped back to 0..255 (normalization and rescale undone, rounded, clipped); masks as class
 * colours or, with {@code ids}, as their class ids in 8-bit grey.
 */
final class TileRenderer {

    private TileRenderer() {
    }

    static byte[] image(NdArray array, int j, Layout layout, GeneratorSettings s) {
        long[] shape = array.shape();
        boolean nchw = layout == Layout.NCHW;
        int c = (int) (nchw ? shape[1] : shape[3]);
        int h = (int) (nchw ? shape[2] : shape[1]);
        int w = (int) (nchw ? shape[3] : shape[2]);
        int n = h * w * c;
        byte[] hwc = new byte[n];
        double r = s.rescale() == null ? 1 : s.rescale();
        List<Double> mean = s.normalize() == null ? null : s.normalize().mean();
        List<Double> std = s.normalize() == null ? null : s.normalize().std();
        ByteBuffer floats = ByteBuffer.wrap(array.data()).order(ByteOrder.LITTLE_ENDIAN);
        for (int p = 0; p < h * w; p++) {
            for (int ch = 0; ch < c; ch++) {
                int element = j * n + (nchw ? ch * h * w + p : p * c + ch);
                if (array.dtype() == DType.UINT8) {
                    hwc[p * c + ch] = array.data()[element];
                    continue;
                }
                double v = floats.getFloat(4 * element);
                double x = (mean == null ? v : v * std.get(ch) + mean.get(ch)) / r;
                hwc[p * c + ch] = (byte) Math.max(0, Math.min(255, Math.round(x)));
            }
        }
        return Png.encode(hwc, h, w, c);
    }

    /**
     * @param oneHot whether the mask is one channel per class (its id is the channel holding the 1)
     * @param ids    class ids in 8-bit grey rather than colours
     */
    static byte[] mask(NdArray array, int j, boolean oneHot, int classes, Layout layout, boolean ids) {
        long[] shape = array.shape();
        boolean nchw = oneHot && layout == Layout.NCHW;
        int h = (int) (nchw ? shape[2] : shape[1]);
        int w = (int) (nchw ? shape[3] : shape[2]);
        byte[] out = new byte[h * w];
        if (!oneHot) {
            System.arraycopy(array.data(), j * h * w, out, 0, h * w);
        } else {
            int width = array.dtype().bytes();
            byte[] data = array.data();
            for (int p = 0; p < h * w; p++) {
                for (int k = 0; k < classes; k++) {
                    long element = (long) j * h * w * classes + (nchw ? (long) k * h * w + p : (long) p * classes + k);
                    // a one-hot value is exactly 0 or 1: its last byte is non-zero only for 1 (1.0f is 3F800000)
                    if (data[(int) (element * width + width - 1)] != 0) {
                        out[p] = (byte) k;
                        break;
                    }
                }
            }
        }
        return ids ? Png.encode(out, h, w, 1) : Png.encode(MaskColors.rgba(out), h, w, 4);
    }
}
