package dev.datagen.image;

/**
 * How decoded pixels are laid out: HWC, 8 bits a sample, and how the image was fitted to
 * {@code height x width}. Images are resized bilinearly; masks keep their class ids, so they are resized with
 * nearest-neighbour and never converted.
 *
 * <p>{@link Fit#SOURCE} is not an input-sized image but the image a random crop is taken from: its shorter
 * side scaled to {@link #sourceSide()} (twice the input's larger side; never enlarged), area-averaged, with
 * its height and width in an 8-byte header (two little-endian ints) before the pixels. A crop taken from it
 * is as sharp as one taken from the original for any crop of at least half its shorter side; a record holds
 * up to {@link #MAX_ASPECT}:1 images at that side (more elongated ones are kept whole at a smaller side).
 *
 * @param fraction      {@link Fit#CENTER}: the side fraction of the centred region; 1 otherwise
 * @param interpolation how images are resized (masks: always nearest-neighbour)
 */
public record PixelFormat(int height, int width, int channels, boolean mask, Fit fit, double fraction,
        Interpolation interpolation) {

    /** How an image becomes {@code height x width}. */
    public enum Fit {
        /** Resized whole, its aspect ratio not kept (Keras' default). */
        STRETCH,
        /** The centred region of the input's aspect ratio, its sides scaled by the fraction, resized. */
        CENTER,
        /** Padded with zeros (class 0) to the input's aspect ratio, then resized. */
        PAD,
        /** Kept at the crop resolution, for a random crop to be taken from. */
        SOURCE
    }

    /** The longest side a {@link Fit#SOURCE} record holds, as a multiple of its shorter side. */
    public static final int MAX_ASPECT = 2;
    /** Bytes before the pixels of a {@link Fit#SOURCE} record: its height and width. */
    public static final int SOURCE_HEADER = 8;

    public PixelFormat {
        if (height < 1 || width < 1 || (channels != 1 && channels != 3)) {
            throw new IllegalArgumentException("bad pixel format " + height + "x" + width + "x" + channels);
        }
        if (mask && channels != 1) {
            throw new IllegalArgumentException("a mask has one channel");
        }
        if (fit == null || !(fraction > 0 && fraction <= 1)) {
            throw new IllegalArgumentException("bad fit " + fit + " " + fraction);
        }
        interpolation = interpolation == null ? Interpolation.AUTO : interpolation;
    }

    public static PixelFormat image(int height, int width, ColorMode color) {
        return new PixelFormat(height, width, color.channels(), false, Fit.STRETCH, 1, Interpolation.AUTO);
    }

    public static PixelFormat mask(int height, int width) {
        return new PixelFormat(height, width, 1, true, Fit.STRETCH, 1, Interpolation.AUTO);
    }

    /** The same layout, fitted another way. */
    public PixelFormat fitted(Fit how, double centerFraction) {
        return new PixelFormat(height, width, channels, mask, how, how == Fit.CENTER ? centerFraction : 1,
                interpolation);
    }

    /** The same layout, resized another way. */
    public PixelFormat interpolated(Interpolation how) {
        return new PixelFormat(height, width, channels, mask, fit, fraction, how);
    }

    /** The shorter side a {@link Fit#SOURCE} image is kept at. */
    public int sourceSide() {
        return 2 * Math.max(height, width);
    }

    /** Bytes of one decoded sample: the input's, or for a source the most its record can hold. */
    public int bytes() {
        if (fit == Fit.SOURCE) {
            return SOURCE_HEADER + sourceSide() * MAX_ASPECT * sourceSide() * channels;
        }
        return height * width * channels;
    }

    /** A short stable name, used for cache file names. */
    public String key() {
        String base = height + "x" + width + "x" + channels + (mask ? "m" : "")
                + (interpolation == Interpolation.AUTO || mask ? "" : "-" + interpolation.name().toLowerCase());
        return switch (fit) {
            case STRETCH -> base;
            case CENTER -> base + "-center" + Math.round(fraction * 10_000);
            case PAD -> base + "-pad";
            case SOURCE -> base + "-source";
        };
    }
}
