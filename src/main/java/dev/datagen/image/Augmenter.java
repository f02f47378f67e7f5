package dev.datagen.image;

import static org.bytedeco.opencv.global.opencv_core.BORDER_REPLICATE;
import static org.bytedeco.opencv.global.opencv_core.CV_64FC1;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_NEAREST;
import static org.bytedeco.opencv.global.opencv_imgproc.warpAffine;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Applies a drawn {@link Augmentation.Transform} to decoded pixels. The same transform moves an image and its
 * mask alike; masks use nearest-neighbour so class ids are never blended, and brightness leaves them alone.
 * Borders repeat the edge pixel, as Keras' default {@code fill_mode="nearest"} does.
 */
public final class Augmenter {

    private Augmenter() {
    }

    /**
     * The transformed HWC bytes: {@code pixels} itself, changed in place, when the transform only mirrors or
     * does nothing; else new bytes, {@code pixels} left as it was. Either way the caller gives {@code pixels} up.
     */
    public static byte[] apply(byte[] pixels, PixelFormat format, Augmentation.Transform t) {
        byte[] out = pixels;
        if (isFlip(t.matrix(), format)) {
            flip(pixels, format, t.matrix()[0] < 0, t.matrix()[4] < 0);
        } else if (!t.isIdentityGeometry()) {
            out = warp(pixels, format, t.matrix());
        }
        if (!format.mask() && t.brightness() != 1) {
            scale(out, t.brightness());
        }
        return out;
    }

    private static byte[] warp(byte[] pixels, PixelFormat format, double[] matrix) {
        try (PointerScope scope = new PointerScope()) {
            BytePointer in = new BytePointer(pixels.length);
            in.put(pixels);
            int type = opencv_core.CV_8UC(format.channels());
            Mat src = new Mat(format.height(), format.width(), type, in);
            Mat m = new Mat(2, 3, CV_64FC1, new DoublePointer(matrix));
            Mat dst = new Mat();
            warpAffine(src, dst, m, new Size(format.width(), format.height()),
                    format.mask() ? INTER_NEAREST : INTER_LINEAR, BORDER_REPLICATE, new Scalar());
            byte[] out = new byte[pixels.length];
            dst.data().get(out);
            return out;
        }
    }

    /** Whether the matrix only mirrors (x to w-1-x, y to h-1-y, or both): pixels move, none is resampled. */
    private static boolean isFlip(double[] m, PixelFormat format) {
        return m[1] == 0 && m[3] == 0 && Math.abs(m[0]) == 1 && Math.abs(m[4]) == 1 && (m[0] < 0 || m[4] < 0)
                && m[2] == (m[0] < 0 ? format.width() - 1 : 0) && m[5] == (m[4] < 0 ? format.height() - 1 : 0);
    }

    /** Mirrors {@code pixels} in place, as warpAffine would for these matrices, without a native round trip. */
    private static void flip(byte[] pixels, PixelFormat format, boolean horizontal, boolean vertical) {
        int h = format.height();
        int w = format.width();
        int c = format.channels();
        int row = w * c;
        if (vertical) {
            byte[] tmp = new byte[row];
            for (int y = 0; y < h / 2; y++) {
                int top = y * row;
                int bottom = (h - 1 - y) * row;
                System.arraycopy(pixels, top, tmp, 0, row);
                System.arraycopy(pixels, bottom, pixels, top, row);
                System.arraycopy(tmp, 0, pixels, bottom, row);
            }
        }
        if (horizontal && c == 3) {
            // the common case without a loop per channel (a third of the loop overhead)
            for (int y = 0; y < h; y++) {
                for (int left = y * row, right = left + row - 3; left < right; left += 3, right -= 3) {
                    byte r = pixels[left];
                    byte g = pixels[left + 1];
                    byte b = pixels[left + 2];
                    pixels[left] = pixels[right];
                    pixels[left + 1] = pixels[right + 1];
                    pixels[left + 2] = pixels[right + 2];
                    pixels[right] = r;
                    pixels[right + 1] = g;
                    pixels[right + 2] = b;
                }
            }
        } else if (horizontal) {
            for (int y = 0; y < h; y++) {
                for (int left = y * row, right = left + row - c; left < right; left += c, right -= c) {
                    for (int k = 0; k < c; k++) {
                        byte b = pixels[left + k];
                        pixels[left + k] = pixels[right + k];
                        pixels[right + k] = b;
                    }
                }
            }
        }
    }

    private static void scale(byte[] pixels, double factor) {
        for (int i = 0; i < pixels.length; i++) {
            long v = Math.round((pixels[i] & 0xFF) * factor);
            pixels[i] = (byte) Math.min(255, v);
        }
    }
}
