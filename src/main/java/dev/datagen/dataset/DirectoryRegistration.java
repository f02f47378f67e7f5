package dev.datagen.dataset;

import java.util.List;
import java.util.Map;

import dev.datagen.image.ColorMode;
import dev.datagen.image.Interpolation;

/**
 * A Keras {@code flow_from_directory} registration.
 *
 * @param splits split name to folder (absolute, or relative to the first data root); train is required
 * @param size   [height, width] to resize to; default: the first image's size
 * @param color  rgb or grayscale; default: from the first image
 * @param interpolation how images are resized: auto (default), bilinear, area, bicubic or nearest
 */
public record DirectoryRegistration(String name, Map<String, String> splits, List<Integer> size, ColorMode color,
        Interpolation interpolation) {
}
