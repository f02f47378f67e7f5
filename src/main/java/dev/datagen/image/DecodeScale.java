package dev.datagen.image;

/**
 * How much smaller a JPEG may be decoded than it is stored: libjpeg-turbo decodes at 1/2, 1/4 or 1/8 of
 * the size in the DCT domain (what PIL's {@code draft()} does), skipping most of the inverse transform and
 * all of the colour conversion of the pixels a downscale would throw away. A reduced decode is used only
 * while the reduced image still holds at least twice the pixels (per side) the fit keeps, and is then
 * averaged by area: a reduction straight to the output's size is faster, but DCT-domain scaling of fine
 * texture is measurably less faithful than an area average (5 levels off on average on real 500x375 photos
 * cropped to 64x64, against under 3 with this margin). Images below {@link #MIN_PIXELS}, or less than four
 * times the size they are fitted to, decode in full, to the very bytes they always had: a 500x375 photo
 * decodes in half a millisecond, too little to save to be worth changing what existing datasets serve.
 */
final class DecodeScale {

    /** The scales TurboJPEG offers for every image, largest reduction first. */
    private static final int[] DENOMINATORS = {8, 4, 2};
    /** Smaller images always decode in full: about 1600x1250 and up are reduced (camera photos are 12 MP). */
    static final long MIN_PIXELS = 2_000_000;

    private DecodeScale() {
    }

    /**
     * The largest denominator {@code d} such that an {@code h x w} image decoded at 1/d still holds twice the
     * pixels per side that {@code format} keeps.
     */
    static int forFormat(int h, int w, PixelFormat format) {
        // a method asked for by name (bilinear, bicubic, nearest) is applied to the pixels as stored
        if ((long) h * w < MIN_PIXELS || (format.interpolation() != Interpolation.AUTO
                && format.interpolation() != Interpolation.AREA)) {
            return 1;
        }
        double keep = switch (format.fit()) { // the fit's output size over the part of the image it resizes
            case STRETCH -> Math.max((double) format.height() / h, (double) format.width() / w);
            case CENTER -> {
                Region r = Region.centered(h, w, format.height(), format.width(), format.fraction());
                yield Math.max((double) format.height() / r.height(), (double) format.width() / r.width());
            }
            case PAD -> {
                Region canvas = Region.padded(h, w, format.height(), format.width());
                yield Math.max((double) format.height() / canvas.height(), (double) format.width() / canvas.width());
            }
            case SOURCE -> {
                int[] s = Geometry.sourceSize(h, w, format.sourceSide());
                yield Math.max((double) s[0] / h, (double) s[1] / w);
            }
        };
        for (int d : DENOMINATORS) {
            if (2 * keep * d <= 1.0) {
                return d;
            }
        }
        return 1;
    }

    /** A side of the image decoded at 1/{@code denominator}: libjpeg rounds up. */
    static int side(int full, int denominator) {
        return (full + denominator - 1) / denominator;
    }
}
