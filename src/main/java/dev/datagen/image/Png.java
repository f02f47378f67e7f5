package dev.datagen.image;

import static org.bytedeco.opencv.global.opencv_imgcodecs.imencode;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_RGB2BGR;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;

/** PNG encoding of decoded pixels, for the dashboard's views of samples and batches. */
public final class Png {

    private Png() {
    }

    /** Encodes HWC 8-bit pixels (RGB or gray) as PNG. */
    public static byte[] encode(byte[] pixels, int height, int width, int channels) {
        try (PointerScope scope = new PointerScope()) {
            BytePointer in = new BytePointer(pixels.length);
            in.put(pixels);
            Mat mat = new Mat(height, width, opencv_core.CV_8UC(channels), in);
            if (channels == 3) {
                Mat bgr = new Mat();
                cvtColor(mat, bgr, COLOR_RGB2BGR);
                mat = bgr;
            } else if (channels == 4) {
                Mat bgra = new Mat();
                cvtColor(mat, bgra, org.bytedeco.opencv.global.opencv_imgproc.COLOR_RGBA2BGRA);
                mat = bgra;
            }
            BytePointer out = new BytePointer();
            if (!imencode(".png", mat, out)) {
                throw new ImageException("png encoding failed");
            }
            byte[] png = new byte[(int) out.limit()];
            out.get(png);
            return png;
        }
    }
}
