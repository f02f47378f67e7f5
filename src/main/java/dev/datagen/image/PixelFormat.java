package dev.datagen.image;

/**
 * How decoded pixels are laid out: HWC, 8 bits a sample. Images are resized bilinearly; masks keep their
 * class ids, so they are resized with nearest-neighbour and never converted.
 */
public record PixelFormat(int height, int width, int channels, boolean mask) {

    public PixelFormat {
        if (height < 1 || width < 1 || (channels != 1 && channels != 3)) {
            throw new IllegalArgumentException("bad pixel format " + height + "x" + width + "x" + channels);
        }
        if (mask && channels != 1) {
            throw new IllegalArgumentException("a mask has one channel");
        }
    }

    public static PixelFormat image(int height, int width, ColorMode color) {
        return new PixelFormat(height, width, color.channels(), false);
    }

    public static PixelFormat mask(int height, int width) {
        return new PixelFormat(height, width, 1, true);
    }

    /** Bytes of one decoded sample. */
    public int bytes() {
        return height * width * channels;
    }

    /** A short stable name, used for cache file names. */
    public String key() {
        return height + "x" + width + "x" + channels + (mask ? "m" : "");
    }
}
