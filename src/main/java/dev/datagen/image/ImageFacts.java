package dev.datagen.image;

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
}
