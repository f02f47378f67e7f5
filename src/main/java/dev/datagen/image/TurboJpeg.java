package dev.datagen.image;

import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;

/**
 * JPEG decoding with the system's libjpeg-turbo through its TurboJPEG API (Debian: {@code libturbojpeg0}),
 * called with JNA.
 *
 * <p>Why: OpenCV's bundled libjpeg-turbo (org.bytedeco:opencv 4.5.5-1.5.7) is built without SIMD and takes
 * 1.3-1.9 ms for a 500x375 photo; the system's SIMD build decodes the same file in about 0.5 ms, to the
 * same pixels (libjpeg-turbo's SIMD paths are bit-exact with its C paths; {@code TurboJpegTest} checks it
 * against OpenCV on real photos in every chroma subsampling, progressive and greyscale). Same pixels is
 * what lets a replica with this library and one without serve byte-identical batches.
 *
 * <p>This class only ever answers "decoded" or "not mine": whatever TurboJPEG does not decode cleanly
 * (CMYK, a size other than the header's, a warning about corrupt data) is left to OpenCV, whose answer
 * stays the reference.
 */
final class TurboJpeg {

    /** The library's soname; the unversioned {@code libturbojpeg.so} exists only with the -dev package. */
    static final String LIBRARY = "libturbojpeg.so.0";

    private static final int TJPF_RGB = 0;
    private static final int TJPF_GRAY = 6;
    private static final int TJCS_GRAY = 2;
    private static final int TJCS_CMYK = 3;
    private static final int TJCS_YCCK = 4;

    /** The TurboJPEG 2.x functions used here (the 2.0 API, present in every libjpeg-turbo since 1.4). */
    interface Api extends Library {
        Pointer tjInitDecompress();

        // int* outputs as one-element arrays: JNA passes an array through JNI's array functions, where an
        // IntByReference would allocate native memory that JNA 4.3 frees only by finalization (four finalizable
        // objects per image, for the collector to process twice)
        int tjDecompressHeader3(Pointer handle, Pointer jpegBuf, NativeLong jpegSize, int[] width, int[] height,
                int[] jpegSubsamp, int[] jpegColorspace);

        int tjDecompress2(Pointer handle, Pointer jpegBuf, NativeLong jpegSize, Pointer dstBuf, int width,
                int pitch, int height, int pixelFormat, int flags);
    }

    private final Api api;
    /** A TurboJPEG handle serves one thread at a time; idle ones wait here, so there are never more than threads. */
    private final ConcurrentLinkedQueue<Pointer> idle = new ConcurrentLinkedQueue<>();

    private TurboJpeg(Api api) {
        this.api = api;
    }

    /** The library when it is installed and answers; empty otherwise. Loaded once per JVM. */
    static Optional<TurboJpeg> installed() {
        return Installed.INSTANCE;
    }

    private static final class Installed {
        static final Optional<TurboJpeg> INSTANCE = load();
    }

    private static Optional<TurboJpeg> load() {
        try {
            Api api = (Api) Native.loadLibrary(LIBRARY, Api.class);
            Pointer probe = api.tjInitDecompress();
            if (probe == null) {
                return Optional.empty();
            }
            TurboJpeg turbo = new TurboJpeg(api);
            turbo.idle.add(probe);
            return Optional.of(turbo);
        } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
            return Optional.empty();
        }
    }

    /**
     * The channels of the JPEG in {@code jpeg} as stored (what OpenCV's {@code IMREAD_UNCHANGED} gives): 1
     * for greyscale, 3 for colour; 0 when this decoder leaves the file to OpenCV.
     */
    int channels(ByteBuffer jpeg) {
        Pointer handle = handle();
        if (handle == null) {
            return 0;
        }
        try {
            int[] header = header(handle, jpeg);
            if (header == null) {
                return 0;
            }
            return header[2] == TJCS_GRAY ? 1 : 3;
        } finally {
            idle.add(handle);
        }
    }

    /**
     * Decodes the {@code width x height} JPEG in {@code jpeg} (position 0 to limit, a direct buffer) at
     * 1/{@code denominator} of its size ({@link DecodeScale}) into {@code dest}, which holds that many pixels
     * of {@code channels} bytes, as RGB ({@code channels} 3) or luminance ({@code channels} 1).
     *
     * @return false, with {@code dest} in any state, when this decoder leaves the file to OpenCV
     */
    boolean decode(ByteBuffer jpeg, Pointer dest, int width, int height, int channels, int denominator) {
        Pointer handle = handle();
        if (handle == null) {
            return false;
        }
        try {
            int[] header = header(handle, jpeg);
            if (header == null || header[0] != width || header[1] != height) {
                return false;
            }
            // flags 0: accurate integer IDCT and fancy upsampling, libjpeg's defaults, which OpenCV uses too;
            // asked for the reduced size, TurboJPEG picks the scaling factor that gives exactly it
            return api.tjDecompress2(handle, Native.getDirectBufferPointer(jpeg), new NativeLong(jpeg.limit()),
                    dest, DecodeScale.side(width, denominator), 0, DecodeScale.side(height, denominator),
                    channels == 1 ? TJPF_GRAY : TJPF_RGB, 0) == 0;
        } finally {
            idle.add(handle);
        }
    }

    /** An idle handle, or a new one (null if the library cannot make one); give it back to {@link #idle}. */
    private Pointer handle() {
        Pointer handle = idle.poll();
        return handle != null ? handle : api.tjInitDecompress();
    }

    /**
     * Width, height and colourspace from the JPEG's header, or null when TurboJPEG cannot read it or leaves
     * it to OpenCV (CMYK and YCCK, which OpenCV converts with its own arithmetic).
     */
    private int[] header(Pointer handle, ByteBuffer jpeg) {
        int[] w = new int[1];
        int[] h = new int[1];
        int[] subsampling = new int[1];
        int[] colorspace = new int[1];
        int status = api.tjDecompressHeader3(handle, Native.getDirectBufferPointer(jpeg),
                new NativeLong(jpeg.limit()), w, h, subsampling, colorspace);
        if (status != 0 || colorspace[0] == TJCS_CMYK || colorspace[0] == TJCS_YCCK) {
            return null;
        }
        return new int[] {w[0], h[0], colorspace[0]};
    }
}
