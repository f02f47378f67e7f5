package dev.datagen.image;

import static org.bytedeco.opencv.global.opencv_core.CV_8U;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_core.minMaxLoc;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_GRAYSCALE;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_IGNORE_ORIENTATION;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_UNCHANGED;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imdecode;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2RGB;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

import com.sun.jna.Pointer;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Decodes, converts and resizes images with OpenCV (through JavaCPP), JPEGs with the system's
 * libjpeg-turbo when asked and installed ({@link TurboJpeg}: the same pixels, decode + resize about twice
 * as fast).
 * Thread-safe; every native buffer is released before a method returns. Output is HWC, 8-bit, RGB channel
 * order for colour.
 *
 * <p>Orientation tags are ignored, as Keras' {@code load_img} and PIL ignore them, so pixels match what
 * those tools decode.
 */
public final class ImageCodec {

    static {
        // JavaCPP otherwise reads the process's resident size under a global lock on every native
        // allocation, to enforce a limit we do not use (every buffer here is freed by its PointerScope)
        if (System.getProperty("org.bytedeco.javacpp.maxPhysicalBytes") == null) {
            System.setProperty("org.bytedeco.javacpp.maxPhysicalBytes", "0");
        }
        // Samples decode in parallel on our own pool; OpenCV's internal threads would only oversubscribe.
        opencv_core.setNumThreads(0);
    }

    private final long maxPixels;
    /** Null: every format decodes with OpenCV. */
    private final TurboJpeg turbo;

    /** A codec that decodes everything with OpenCV. */
    public ImageCodec(long maxPixels) {
        this(maxPixels, false);
    }

    /**
     * @param turboJpeg decode JPEGs with the system's libjpeg-turbo when it is installed (see
     *                  {@link #jpegDecoder()} for whether it is)
     */
    public ImageCodec(long maxPixels, boolean turboJpeg) {
        this.maxPixels = maxPixels;
        this.turbo = turboJpeg ? TurboJpeg.installed().orElse(null) : null;
    }

    /** Which library decodes JPEGs: {@code libturbojpeg.so.0} or {@code opencv}. */
    public String jpegDecoder() {
        return turbo != null ? TurboJpeg.LIBRARY : "opencv";
    }

    /** Decodes every pixel once, as registration does, and reports what the image holds. */
    public ImageFacts probe(Path file, boolean wantMaxValue) {
        return probe(ImageFile.read(file, maxFileBytes()).data(), wantMaxValue);
    }

    /** Like {@link #probe(Path, boolean)}, from encoded bytes (position 0 to limit). */
    public ImageFacts probe(ByteBuffer data, boolean wantMaxValue) {
        try (PointerScope scope = new PointerScope()) {
            ImageHeader header = checkedHeader(data);
            Mat mat = turbo != null && "jpeg".equals(header.format())
                    ? decodeJpeg(data, header, turbo.channels(data))
                    : null;
            if (mat == null) {
                mat = decode(data, header, IMREAD_UNCHANGED);
            }
            int max = 0;
            long[] histogram = null;
            if (wantMaxValue && mat.channels() == 1) {
                double[] lo = new double[1];
                double[] hi = new double[1];
                minMaxLoc(mat, lo, hi, null, null, null);
                max = (int) hi[0];
                histogram = mat.depth() == CV_8U ? histogram(mat) : null;
            }
            return new ImageFacts(mat.cols(), mat.rows(), mat.channels(), mat.depth() == CV_8U, max, header.format(),
                    header.lossy(), histogram);
        }
    }

    /** Pixels per value of a one-channel 8-bit image: a mask's class ids. */
    private static long[] histogram(Mat mat) {
        Mat continuous = mat.isContinuous() ? mat : mat.clone();
        int n = continuous.rows() * continuous.cols();
        ByteBuffer pixels = continuous.data().capacity(n).asByteBuffer();
        long[] counts = new long[256];
        for (int i = 0; i < n; i++) {
            counts[pixels.get(i) & 0xFF]++;
        }
        return counts;
    }

    /**
     * Decodes {@code file} into {@code format}: converted to the format's channels and fitted to its size
     * (see {@link PixelFormat.Fit}).
     *
     * @return HWC bytes, {@link PixelFormat#bytes()} long
     */
    public byte[] decode(Path file, PixelFormat format) {
        byte[] out = new byte[format.bytes()];
        decodeInto(file, format, out, 0);
        return out;
    }

    /**
     * Like {@link #decode(Path, PixelFormat)}, writing into {@code dest} at {@code offset}.
     *
     * @return the attributes of the file as it was read (what a cache entry of these pixels is stamped with)
     */
    public BasicFileAttributes decodeInto(Path file, PixelFormat format, byte[] dest, int offset) {
        ImageFile read = ImageFile.read(file, maxFileBytes());
        decodeInto(read.data(), format, dest, offset);
        return read.attributes();
    }

    /** Like {@link #decodeInto(Path, PixelFormat, byte[], int)}, from encoded bytes (position 0 to limit). */
    public void decodeInto(ByteBuffer data, PixelFormat format, byte[] dest, int offset) {
        try (PointerScope scope = new PointerScope()) {
            ImageHeader header = checkedHeader(data);
            Mat mat = format.mask() ? null : decodeJpeg(data, header, format.channels());
            boolean rgb = mat != null;
            if (mat == null) {
                int flags;
                if (format.mask()) {
                    flags = IMREAD_UNCHANGED;
                } else {
                    flags = (format.channels() == 1 ? IMREAD_GRAYSCALE : IMREAD_COLOR) | IMREAD_IGNORE_ORIENTATION;
                }
                mat = decode(data, header, flags);
            }
            if (format.mask() && (mat.channels() != 1 || mat.depth() != CV_8U)) {
                throw new ImageException("a mask must have one 8-bit channel, this one has " + mat.channels()
                        + " channel(s) of " + (mat.depth() == CV_8U ? 8 : 16) + " bits");
            }
            mat = Geometry.fit(mat, format);
            if (format.channels() == 3 && !rgb) {
                Mat converted = new Mat();
                cvtColor(mat, converted, COLOR_BGR2RGB);
                mat = converted;
            }
            if (format.fit() == PixelFormat.Fit.SOURCE) {
                writeInt(dest, offset, mat.rows());
                writeInt(dest, offset + 4, mat.cols());
                copyOut(mat, dest, offset + PixelFormat.SOURCE_HEADER, mat.rows() * mat.cols() * format.channels());
            } else {
                copyOut(mat, dest, offset, format.bytes());
            }
        }
    }

    private static void writeInt(byte[] dest, int at, int v) {
        dest[at] = (byte) v;
        dest[at + 1] = (byte) (v >>> 8);
        dest[at + 2] = (byte) (v >>> 16);
        dest[at + 3] = (byte) (v >>> 24);
    }

    /** The header, once it is known that the image is not too large and not a truncated JPEG. */
    private ImageHeader checkedHeader(ByteBuffer data) {
        ImageHeader header = ImageHeader.read(data);
        if (header.pixels() > maxPixels) {
            throw new ImageException("the image declares " + header.width() + "x" + header.height() + " = "
                    + header.pixels() + " pixels, more than datagen.limits.max-image-pixels (" + maxPixels + ")");
        }
        if ("jpeg".equals(header.format()) && !endsWithJpegTrailer(data)) {
            throw new ImageException("the jpeg is truncated (no end-of-image marker)");
        }
        return header;
    }

    /** A JPEG decoded by TurboJPEG to RGB or luminance at its own size, or null to let OpenCV decode it. */
    private Mat decodeJpeg(ByteBuffer data, ImageHeader header, int channels) {
        if (turbo == null || !"jpeg".equals(header.format()) || channels == 0) {
            return null;
        }
        Mat mat = new Mat(header.height(), header.width(), opencv_core.CV_8UC(channels));
        Pointer dest = new Pointer(mat.data().address());
        return turbo.decode(data, dest, header.width(), header.height(), channels) ? mat : null;
    }

    private Mat decode(ByteBuffer data, ImageHeader header, int flags) {
        BytePointer pointer = new BytePointer(data);
        Mat encoded = new Mat(1, data.limit(), CV_8UC1, pointer);
        Mat mat = imdecode(encoded, flags);
        if (mat == null || mat.empty()) {
            throw new ImageException("the " + header.format() + " data cannot be decoded (corrupt or truncated)");
        }
        if (mat.cols() != header.width() || mat.rows() != header.height()) {
            throw new ImageException("the decoded size " + mat.cols() + "x" + mat.rows()
                    + " differs from the header's " + header.width() + "x" + header.height());
        }
        return mat;
    }

    /**
     * libjpeg decodes a truncated file with a grey bottom and a warning; a JPEG is only accepted when its
     * end-of-image marker is present (trailing padding after it is tolerated).
     */
    private static boolean endsWithJpegTrailer(ByteBuffer data) {
        int end = data.limit();
        int from = Math.max(2, end - 4096);
        for (int i = end - 2; i >= from; i--) {
            if ((data.get(i) & 0xFF) == 0xFF && (data.get(i + 1) & 0xFF) == 0xD9) {
                return true;
            }
        }
        return false;
    }

    private static void copyOut(Mat mat, byte[] dest, int offset, int length) {
        Mat continuous = mat.isContinuous() ? mat : mat.clone();
        long actual = continuous.total() * continuous.elemSize();
        if (actual != length) {
            throw new ImageException("decoded " + actual + " bytes where " + length + " were expected");
        }
        continuous.data().get(dest, offset, length);
    }

    /** The largest file accepted as an image: generous for any real image within max-image-pixels. */
    public long maxFileBytes() {
        return Math.max(64L << 20, maxPixels * 8);
    }
}
