package dev.datagen.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import javax.imageio.ImageIO;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/** Exact comparisons of ND4J arrays and the ground truth on disk, for the tests. */
final class Arrays2 {

    private Arrays2() {
    }

    /** Every value of {@code a} in C order, as floats (uint8 values become 0..255). */
    static float[] values(INDArray a) {
        return a.castTo(DataType.FLOAT).dup('c').data().asFloat();
    }

    /** Row {@code r} of a (N, ...) array, in C order. */
    static float[] row(INDArray a, int r) {
        return values(a.slice(r));
    }

    static void assertSameArrays(MultiDataSet expected, MultiDataSet actual, String what) {
        assertArrayEquals(shapes(expected.getFeatures()), shapes(actual.getFeatures()), what + ": feature shapes");
        assertArrayEquals(shapes(expected.getLabels()), shapes(actual.getLabels()), what + ": label shapes");
        for (int i = 0; i < expected.getFeatures().length; i++) {
            assertArrayEquals(values(expected.getFeatures(i)), values(actual.getFeatures(i)), what + ": features " + i);
        }
        for (int i = 0; i < expected.getLabels().length; i++) {
            assertArrayEquals(values(expected.getLabels(i)), values(actual.getLabels(i)), what + ": labels " + i);
        }
    }

    private static long[][] shapes(INDArray[] arrays) {
        long[][] s = new long[arrays.length][];
        for (int i = 0; i < arrays.length; i++) {
            s[i] = arrays[i].shape();
        }
        return s;
    }

    /** The pixels of a grayscale PNG, row by row: what the service sends for a 28x28 image, unaugmented. */
    static float[] pixels(Path png) throws IOException {
        Raster raster = ImageIO.read(png.toFile()).getRaster();
        float[] p = new float[raster.getWidth() * raster.getHeight()];
        for (int y = 0; y < raster.getHeight(); y++) {
            for (int x = 0; x < raster.getWidth(); x++) {
                p[y * raster.getWidth() + x] = raster.getSample(x, y, 0);
            }
        }
        return p;
    }

    /** The label vectors of a list file, one per line. */
    static List<float[]> labels(Path file) throws IOException {
        return Files.readAllLines(file).stream().filter(l -> !l.isBlank()).map(l -> {
            String[] parts = l.strip().split("\\s+");
            float[] v = new float[parts.length];
            for (int i = 0; i < parts.length; i++) {
                v[i] = Float.parseFloat(parts[i]);
            }
            return v;
        }).toList();
    }
}
