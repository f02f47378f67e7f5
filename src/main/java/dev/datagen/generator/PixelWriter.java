package dev.datagen.generator;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

import dev.datagen.payload.DType;

/**
 * Writes one sample's decoded HWC uint8 pixels into its slot of a batch array, converting to the batch's
 * dtype (with rescale, and normalization when asked) and layout on the way: the only copy between decoder or
 * cache and the wire, so normalizing costs no extra pass over the batch.
 */
final class PixelWriter {

    private static final VarHandle FLOAT = MethodHandles.byteArrayViewVarHandle(float[].class, ByteOrder.LITTLE_ENDIAN);
    private static final ThreadLocal<float[]> SCRATCH = ThreadLocal.withInitial(() -> new float[0]);
    private static final ThreadLocal<Table> TABLES = new ThreadLocal<>();

    private PixelWriter() {
    }

    /**
     * The common case, three channels, in one pass without a loop per channel: the same lookups, a third of the
     * loop overhead (which counts when C1 alone compiles the service, docs/configuration.md).
     */
    private static void rgb(byte[] hwc, int pixels, float[][] table, float[] values, boolean nhwc) {
        float[] r = table[0];
        float[] g = table[1];
        float[] b = table[2];
        if (nhwc) {
            for (int i = 0; i < 3 * pixels; i += 3) {
                values[i] = r[hwc[i] & 0xFF];
                values[i + 1] = g[hwc[i + 1] & 0xFF];
                values[i + 2] = b[hwc[i + 2] & 0xFF];
            }
            return;
        }
        for (int p = 0, i = 0; p < pixels; p++, i += 3) {
            values[p] = r[hwc[i] & 0xFF];
            values[pixels + p] = g[hwc[i + 1] & 0xFF];
            values[2 * pixels + p] = b[hwc[i + 2] & 0xFF];
        }
    }

    static void image(byte[] hwc, int h, int w, int c, byte[] out, int slot, DType dtype, Layout layout, float scale) {
        image(hwc, h, w, c, out, slot, dtype, layout, scale, null, null);
    }

    /**
     * @param mean per channel, or null: float32 values are then {@code (x * scale - mean[c]) / std[c]}, computed
     *             in float32 in that order (what numpy computes from the uint8 batch)
     */
    static void image(byte[] hwc, int h, int w, int c, byte[] out, int slot, DType dtype, Layout layout, float scale,
            float[] mean, float[] std) {
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
        // Each channel's 256 possible values first (the same float operations as per pixel, so the same
        // bytes), then one pass of table lookups into a float scratch in the batch's layout, then one bulk
        // copy: a tenth of the time of converting and storing element by element through a VarHandle.
        float[][] table = table(c, scale, mean, std);
        float[] values = scratch(sampleElements);
        if (c == 1) {
            float[] t = table[0];
            for (int i = 0; i < sampleElements; i++) {
                values[i] = t[hwc[i] & 0xFF];
            }
        } else if (c == 3) {
            rgb(hwc, pixels, table, values, layout == Layout.NHWC);
        } else if (layout == Layout.NHWC) {
            for (int p = 0, i = 0; p < pixels; p++) {
                for (int ch = 0; ch < c; ch++, i++) {
                    values[i] = table[ch][hwc[i] & 0xFF];
                }
            }
        } else {
            for (int ch = 0; ch < c; ch++) {
                float[] t = table[ch];
                int plane = ch * pixels;
                for (int p = 0; p < pixels; p++) {
                    values[plane + p] = t[hwc[p * c + ch] & 0xFF];
                }
            }
        }
        ByteBuffer.wrap(out, slot * sampleElements * 4, sampleElements * 4).order(ByteOrder.LITTLE_ENDIAN)
                .asFloatBuffer().put(values, 0, sampleElements);
    }

    /** A thread's last table and the settings it was built for: a generator's samples all use the same one. */
    private record Table(float scale, float[] mean, float[] std, float[][] values) {

        boolean isFor(int c, float scale, float[] mean, float[] std) {
            return values.length == c && Float.floatToIntBits(this.scale) == Float.floatToIntBits(scale)
                    && Arrays.equals(this.mean, mean) && Arrays.equals(this.std, std);
        }
    }

    /**
     * Each channel's float value of every uint8 value, this thread's copy: built per sample, the tables were 3 KB
     * of garbage an image (136 MB over two float32 epochs of 20,000 photos) that brought young collections on.
     */
    private static float[][] table(int c, float scale, float[] mean, float[] std) {
        Table kept = TABLES.get();
        if (kept != null && kept.isFor(c, scale, mean, std)) {
            return kept.values();
        }
        float[][] table = new float[c][256];
        for (int ch = 0; ch < c; ch++) {
            for (int x = 0; x < 256; x++) {
                table[ch][x] = value(x, ch, scale, mean, std);
            }
        }
        TABLES.set(new Table(scale, mean == null ? null : mean.clone(), std == null ? null : std.clone(), table));
        return table;
    }

    /**
     * The float32 value of pixel value {@code x} in channel {@code ch}, computed in float32 in numpy's order;
     * {@link GeneratorChecks} asks it too, so that settings giving a non-finite value are refused up front.
     */
    static float value(int x, int ch, float scale, float[] mean, float[] std) {
        return mean == null ? x * scale : (x * scale - mean[ch]) / std[ch];
    }

    /** This thread's float scratch of at least {@code n} elements (a sample's, so a few megabytes at most). */
    private static float[] scratch(int n) {
        float[] mine = SCRATCH.get();
        if (mine.length < n) {
            mine = new float[n];
            SCRATCH.set(mine);
        }
        return mine;
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
        Arrays.fill(out, base * width, (base + pixels * classes) * width, (byte) 0);
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
