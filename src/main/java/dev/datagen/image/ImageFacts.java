package dev.datagen.image;

import java.util.Arrays;
import java.util.Objects;

/**
 * What registration learns from decoding an image once.
 *
 * @param width     pixels across
 * @param height    pixels down
 * @param channels  stored channels (1 gray, 3 colour, 4 colour with alpha)
 * @param eightBit  whether samples are 8-bit (masks must be)
 * @param maxValue  largest sample value, the highest class id for a mask
 * @param format    the encoding, as {@link ImageHeader#format()} names it
 * @param lossy     whether the encoding loses information (JPEG, lossy WebP)
 * @param histogram for one-channel 8-bit images probed as masks, pixels per value (256 counts); else null
 */
public record ImageFacts(int width, int height, int channels, boolean eightBit, int maxValue, String format,
        boolean lossy, long[] histogram) {

    // a record compares arrays by identity; two probes of one image must compare equal
    @Override
    public boolean equals(Object other) {
        return other instanceof ImageFacts o && width == o.width && height == o.height && channels == o.channels
                && eightBit == o.eightBit && maxValue == o.maxValue && lossy == o.lossy
                && Objects.equals(format, o.format) && Arrays.equals(histogram, o.histogram);
    }

    @Override
    public int hashCode() {
        return Objects.hash(width, height, channels, eightBit, maxValue, format, lossy) * 31 + Arrays.hashCode(histogram);
    }

    @Override
    public String toString() {
        return "ImageFacts[%dx%dx%d, eightBit=%b, max=%d, %s, lossy=%b, histogram=%s]".formatted(width, height,
                channels, eightBit, maxValue, format, lossy, histogram == null ? "none" : "256 counts");
    }
}
