package dev.datagen.image;

import static org.bytedeco.opencv.global.opencv_core.BORDER_CONSTANT;
import static org.bytedeco.opencv.global.opencv_core.copyMakeBorder;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_CUBIC;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_NEAREST;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Fitting a decoded image to a {@link PixelFormat}, and cropping one kept at the crop resolution: the
 * OpenCV work between decoding and the batch. Callers hold a {@code PointerScope}, which frees every Mat.
 */
public final class Geometry {

    private Geometry() {
    }

    /**
     * {@code decoded} (HWC, the format's channels) fitted to the format, as {@link PixelFormat.Fit} says.
     *
     * @param reduced whether the image was decoded at a reduced scale ({@link DecodeScale}), to be averaged
     *                by area even where a plain stretch would resize bilinearly
     */
    static Mat fit(Mat decoded, PixelFormat format, boolean reduced) {
        int h = decoded.rows();
        int w = decoded.cols();
        return switch (format.fit()) {
            case STRETCH -> resized(decoded, format.height(), format.width(), format.mask(), reduced,
                    format.interpolation());
            case CENTER -> {
                Region r = Region.centered(h, w, format.height(), format.width(), format.fraction());
                yield resized(new Mat(decoded, new Rect(r.x(), r.y(), r.width(), r.height())), format.height(),
                        format.width(), format.mask(), true, format.interpolation());
            }
            case PAD -> {
                Region canvas = Region.padded(h, w, format.height(), format.width());
                Mat padded = new Mat();
                copyMakeBorder(decoded, padded, -canvas.y(), canvas.height() + canvas.y() - h, -canvas.x(),
                        canvas.width() + canvas.x() - w, BORDER_CONSTANT, new Scalar(0.0));
                yield resized(padded, format.height(), format.width(), format.mask(), true, format.interpolation());
            }
            case SOURCE -> {
                int[] size = sourceSize(h, w, format.sourceSide());
                // an intermediate, kept sharp and unaliased: the crop taken from it uses the input's method
                yield resized(decoded, size[0], size[1], format.mask(), true, Interpolation.AUTO);
            }
        };
    }

    /** Height and width of a source image: the shorter side at {@code side} (never enlarged), within the record. */
    static int[] sourceSize(int h, int w, int side) {
        double scale = Math.min(1.0, (double) side / Math.min(h, w));
        scale = Math.min(scale, (double) side * PixelFormat.MAX_ASPECT / Math.max(h, w));
        return new int[] {Math.max(1, (int) Math.round(h * scale)), Math.max(1, (int) Math.round(w * scale))};
    }

    /**
     * Crops {@code box} out of a source record ({@code source} at {@code offset}: header, then pixels) and
     * resizes it to the format's size, into {@code dest} at {@code destOffset}.
     */
    public static void crop(byte[] source, int offset, PixelFormat format, Region box, byte[] dest, int destOffset) {
        try (PointerScope scope = new PointerScope()) {
            cropInScope(source, offset, format, box, dest, destOffset);
        }
    }

    private static void cropInScope(byte[] source, int offset, PixelFormat format, Region box, byte[] dest,
            int destOffset) {
        int w = header(source, offset + 4);
        int c = format.channels();
        // only the region's rows go to native memory: on average half the source, for a 0.08..1 area crop
        int rowBytes = box.width() * c;
        BytePointer pixels = new BytePointer((long) box.height() * rowBytes);
        int first = offset + PixelFormat.SOURCE_HEADER + (box.y() * w + box.x()) * c;
        for (int y = 0; y < box.height(); y++) {
            pixels.position((long) y * rowBytes).put(source, first + y * w * c, rowBytes);
        }
        Mat region = new Mat(box.height(), box.width(), opencv_core.CV_8UC(c), pixels.position(0));
        Mat out = resized(region, format.height(), format.width(), format.mask(), true, format.interpolation());
        Mat continuous = out.isContinuous() ? out : out.clone();
        continuous.data().get(dest, destOffset, format.height() * format.width() * c);
    }

    /** Height and width of the source record at {@code offset}. */
    public static int[] sourceSize(byte[] record, int offset) {
        return new int[] {header(record, offset), header(record, offset + 4)};
    }

    /** The bytes a decoded sample takes at {@code offset}: the format's, or a source record's header and pixels. */
    public static int usedBytes(PixelFormat format, byte[] decoded, int offset) {
        if (format.fit() != PixelFormat.Fit.SOURCE) {
            return format.bytes();
        }
        return PixelFormat.SOURCE_HEADER + header(decoded, offset) * header(decoded, offset + 4) * format.channels();
    }

    /** A source record's height ({@code at == offset}) or width ({@code offset + 4}). */
    static int header(byte[] record, int at) {
        return (record[at] & 0xFF) | (record[at + 1] & 0xFF) << 8 | (record[at + 2] & 0xFF) << 16 | record[at + 3] << 24;
    }

    /**
     * Masks with nearest-neighbour; images as {@code how} says. {@link Interpolation#AUTO}: bilinearly, except
     * that, when asked, an image shrunk to less than half its size is averaged by area, so that no source
     * pixel is skipped (no aliasing). Within a factor of two bilinear already weighs every source pixel and
     * costs a third of the area resize; a random crop from a source record (its shorter side at most twice
     * the input's larger side) never shrinks by more. The plain stretch keeps the bilinear resize it always
     * had, unless the image was decoded at a reduced scale.
     */
    private static Mat resized(Mat mat, int height, int width, boolean mask, boolean areaWhenShrinking,
            Interpolation how) {
        if (mat.rows() == height && mat.cols() == width) {
            return mat;
        }
        boolean halving = 2 * height <= mat.rows() || 2 * width <= mat.cols();
        int interpolation = mask ? INTER_NEAREST : switch (how) {
            case AUTO -> areaWhenShrinking && halving ? INTER_AREA : INTER_LINEAR;
            case BILINEAR -> INTER_LINEAR;
            case AREA -> INTER_AREA;
            case BICUBIC -> INTER_CUBIC;
            case NEAREST -> INTER_NEAREST;
        };
        Mat out = new Mat();
        resize(mat, out, new Size(width, height), 0, 0, interpolation);
        return out;
    }
}
