package dev.datagen.dataset;

/**
 * One stored sample.
 *
 * @param index  position in its split, from 0, in list-file order
 * @param paths  real paths of the input images, then of the masks, in the dataset's order
 * @param labels the vector outputs' values concatenated in output order (float32)
 */
public record SampleRow(int index, String[] paths, float[] labels) {
}
