package dev.datagen.payload;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteOrder;

import org.apache.commons.io.output.CloseShieldOutputStream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Writes a batch as ND4J's own serialization of a {@link MultiDataSet} (features in input order, labels in
 * output order), which a Java trainer reads back with {@code new MultiDataSet().load(in)}. The native
 * arrays are released as soon as they are written.
 */
final class Nd4jWriter {

    private Nd4jWriter() {
    }

    public static void write(Batch batch, OutputStream out) throws IOException {
        long inputs = batch.arrays().stream().filter(a -> a.role() == NdArray.Role.INPUT).count();
        INDArray[] features = new INDArray[(int) inputs];
        INDArray[] labels = new INDArray[batch.arrays().size() - (int) inputs];
        int f = 0;
        int l = 0;
        try {
            for (NdArray a : batch.arrays()) {
                INDArray array = toNd4j(a);
                if (a.role() == NdArray.Role.INPUT) {
                    features[f++] = array;
                } else {
                    labels[l++] = array;
                }
            }
            new MultiDataSet(features, labels).save(CloseShieldOutputStream.wrap(out)); // it closes what it is given
        } finally {
            release(features);
            release(labels);
        }
    }

    static INDArray toNd4j(NdArray a) {
        DataType type = a.dtype() == DType.UINT8 ? DataType.UINT8 : DataType.FLOAT;
        INDArray array = Nd4j.create(type, a.shape(), 'c');
        array.data().asNio().order(ByteOrder.LITTLE_ENDIAN).put(a.data());
        return array;
    }

    private static void release(INDArray[] arrays) {
        for (INDArray a : arrays) {
            if (a != null && a.closeable()) {
                a.close();
            }
        }
    }
}
