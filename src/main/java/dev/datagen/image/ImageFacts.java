package dev.datagen.image;

/**
 * What registration learns from decoding an image once.
 *
 * @param width     pixels across
 * @param height    pixels down
 * @param channels  stored channels (1 gray, 3 colour, 4 colour with alpha)
 * @param eightBit  whether samples are 8-bit (masks must be)
 * @param maxValue  largest sample value, the highest class id for a mask
 */
public record ImageFacts(int width, int height, int channels, boolean eightBit, int maxValue) {
}
