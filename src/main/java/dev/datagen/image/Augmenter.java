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

    /** Returns new HWC bytes; {@code pixels} is not modified. */
    public static byte[] apply(byte[] pixels, PixelFormat format, Augmentation.Transform t) {
        byte[] out = pixels;
        if (!t.isIdentityGeometry()) {
            out = warp(pixels, format, t.matrix());
        }
        if (!format.mask() && t.brightness() != 1) {
            if (out == pixels) {
                out = pixels.clone();
            }
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

    private static void scale(byte[] pixels, double factor) {
        for (int i = 0; i < pixels.length; i++) {
            long v = Math.round((pixels[i] & 0xFF) * factor);
            pixels[i] = (byte) Math.min(255, v);
        }
    }
}
