package dev.datagen.dataset;

import java.io.Closeable;
import java.io.IOException;
import java.util.List;

/**
 * The raw text of a split's samples, one at a time, in order: for each sample one field per input (an
 * image path) and one per output (a label line or a mask path).
 */
interface SampleSource extends Closeable {

    /** The part each field comes from, as named in errors (e.g. {@code train-data.left}). */
    List<String> partNames();

    /**
     * Whether a sample's {@code line} is something its author can look up (a list file's line); a class-folder
     * walk's position is not, so problems name the image's path alone.
     */
    default boolean numbered() {
        return true;
    }

    /** The next sample, or null after the last. */
    RawSample next() throws IOException;

    /**
     * @param line   where the sample came from, 1-based (the line of every list file of the split, or the
     *               file's position in a class-folder walk)
     * @param fields one per input, then one per output
     */
    record RawSample(long line, String[] fields) {
    }
}
