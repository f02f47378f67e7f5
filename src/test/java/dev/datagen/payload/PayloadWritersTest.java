package dev.datagen.payload;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

import dev.datagen.support.Python;

/** Write-then-read round trips of the npy, npz and ND4J writers, read back by independent readers. */
class PayloadWritersTest {

    @TempDir
    Path tmp;

    private static NdArray floats(String name, NdArray.Role role, long[] shape) {
        int n = (int) NdArray.elements(shape);
        ByteBuffer b = ByteBuffer.allocate(n * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) {
            b.putFloat(i * 0.5f - 3f);
        }
        return new NdArray(name, role, DType.FLOAT32, shape, b.array());
    }

    private static NdArray bytes(String name, NdArray.Role role, long[] shape) {
        int n = (int) NdArray.elements(shape);
        byte[] data = new byte[n];
        for (int i = 0; i < n; i++) {
            data[i] = (byte) (i * 7);
        }
        return new NdArray(name, role, DType.UINT8, shape, data);
    }

    private static byte[] npy(NdArray a) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        NpyWriter.write(a, out);
        return out.toByteArray();
    }

    @Test
    void npyHeadersAreAlignedAndDescribeTheArray() {
        byte[] h = NpyWriter.header(DType.FLOAT32, new long[] {64, 28, 28, 1});
        assertThat(h.length % 64).isZero();
        String dict = new String(h, 10, h.length - 10);
        assertThat(dict).startsWith("{'descr': '<f4', 'fortran_order': False, 'shape': (64, 28, 28, 1), }").endsWith("\n");
        byte[] oneD = NpyWriter.header(DType.UINT8, new long[] {5});
        assertThat(new String(oneD, 10, oneD.length - 10)).contains("'|u1'").contains("'shape': (5,)");
    }

    @Test
    void nd4jReadsOurNpyForBothDtypesAndLayouts() throws IOException {
        for (NdArray a : List.of(floats("x", NdArray.Role.INPUT, new long[] {2, 3, 4, 1}),
                floats("x", NdArray.Role.INPUT, new long[] {2, 1, 3, 4}), bytes("m", NdArray.Role.OUTPUT, new long[] {2, 3, 4}),
                floats("one", NdArray.Role.OUTPUT, new long[] {1}))) {
            INDArray read = Nd4j.createNpyFromByteArray(npy(a));
            assertThat(read.shape()).containsExactly(a.shape());
            INDArray expected = Nd4jWriter.toNd4j(a);
            assertThat(read.castTo(DataType.DOUBLE)).isEqualTo(expected.castTo(DataType.DOUBLE));
        }
    }

    @Test
    void numpyLoadsNpzWithEmptyOneElementAndBothDtypes() throws IOException {
        Batch batch = new Batch("g", "d", 0, 0, 0, new int[] {0, 1}, List.of(
                bytes("image", NdArray.Role.INPUT, new long[] {2, 2, 3, 3}),
                floats("label", NdArray.Role.OUTPUT, new long[] {2, 5}),
                floats("single", NdArray.Role.OUTPUT, new long[] {1}),
                bytes("empty", NdArray.Role.OUTPUT, new long[] {0, 4})), List.of());
        Path file = tmp.resolve("batch.npz");
        try (var out = Files.newOutputStream(file)) {
            NpzWriter.write(batch, out);
        }
        assertThat(NpzWriter.size(batch)).as("the Content-Length announced").isEqualTo(Files.size(file));
        String report = Python.run(Python.PATH_PYTHON, """
                import sys, numpy as np
                z = np.load(sys.argv[1])
                for k in z.files:
                    a = z[k]
                    print(k, a.dtype, a.shape, float(a.sum()) if a.size else 'empty')
                """, file.toString());
        assertThat(report.lines().toList()).containsExactly(
                "image uint8 (2, 2, 3, 3) " + sumBytes(36) + ".0",
                "label float32 (2, 5) " + sumFloats(10),
                "single float32 (1,) -3.0",
                "empty uint8 (0, 4) empty");
    }

    private static int sumBytes(int n) {
        int s = 0;
        for (int i = 0; i < n; i++) {
            s += (i * 7) & 0xFF;
        }
        return s;
    }

    private static String sumFloats(int n) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += i * 0.5 - 3;
        }
        return String.valueOf(s);
    }

    /**
     * The zip records are written by hand since they are read only once that way; the bytes must stay those
     * the JDK's ZipOutputStream wrote before (same bytes for the same settings, on every replica and version).
     */
    @Test
    void npzBytesAreThoseOfTheJdksZipOutputStream() throws IOException {
        Batch batch = new Batch("g", "d", 0, 0, 0, new int[] {0, 1}, List.of(
                bytes("image", NdArray.Role.INPUT, new long[] {2, 7, 5, 3}),
                bytes("mask_2", NdArray.Role.OUTPUT, new long[] {2, 7, 5}),
                floats("label", NdArray.Role.OUTPUT, new long[] {2, 5}),
                floats("single", NdArray.Role.OUTPUT, new long[] {1}),
                bytes("empty", NdArray.Role.OUTPUT, new long[] {0, 4})), List.of());
        ByteArrayOutputStream ours = new ByteArrayOutputStream();
        NpzWriter.write(batch, ours);

        ByteArrayOutputStream jdk = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(jdk)) {
            zip.setLevel(0);
            for (NdArray array : batch.arrays()) {
                byte[] header = NpyWriter.header(array.dtype(), array.shape());
                CRC32 crc = new CRC32();
                crc.update(header);
                crc.update(array.data());
                ZipEntry entry = new ZipEntry(array.name() + ".npy");
                entry.setMethod(ZipEntry.STORED);
                entry.setSize(header.length + (long) array.data().length);
                entry.setCompressedSize(entry.getSize());
                entry.setCrc(crc.getValue());
                entry.setTimeLocal(LocalDateTime.of(2000, 1, 1, 0, 0));
                zip.putNextEntry(entry);
                zip.write(header);
                zip.write(array.data());
                zip.closeEntry();
            }
        }
        assertThat(ours.toByteArray()).isEqualTo(jdk.toByteArray());

        ByteArrayOutputStream ahead = new ByteArrayOutputStream();
        NpzWriter.write(batch.withNpzChecksums(), ahead);
        assertThat(ahead.toByteArray()).as("with the checksums computed ahead").isEqualTo(jdk.toByteArray());
    }

    @Test
    void npzBytesAreTheSameEveryTimeAndEntriesAreStored() throws IOException {
        Batch batch = new Batch("g", "d", 0, 0, 0, new int[] {0}, List.of(
                bytes("image", NdArray.Role.INPUT, new long[] {1, 4, 4, 1}),
                floats("label", NdArray.Role.OUTPUT, new long[] {1, 3})), List.of());
        ByteArrayOutputStream a = new ByteArrayOutputStream();
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        NpzWriter.write(batch, a);
        java.util.TimeZone before = java.util.TimeZone.getDefault();
        try {
            java.util.TimeZone.setDefault(java.util.TimeZone.getTimeZone("Pacific/Kiritimati"));
            NpzWriter.write(batch, b);
        } finally {
            java.util.TimeZone.setDefault(before);
        }
        assertThat(a.toByteArray()).isEqualTo(b.toByteArray());
        assertThat(NpzWriter.size(batch)).isEqualTo(a.size());
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(a.toByteArray()))) {
            ZipEntry e = zip.getNextEntry();
            assertThat(e.getName()).isEqualTo("image.npy");
            assertThat(e.getMethod()).isEqualTo(ZipEntry.STORED);
            assertThat(zip.getNextEntry().getName()).isEqualTo("label.npy");
        }
    }

    @Test
    void nd4jMultiDataSetRoundTripsFeaturesAndLabelsInOrder() throws IOException {
        Batch batch = new Batch("g", "d", 0, 0, 0, new int[] {0, 1}, List.of(
                bytes("left", NdArray.Role.INPUT, new long[] {2, 1, 3, 3}),
                floats("right", NdArray.Role.INPUT, new long[] {2, 1, 3, 3}),
                floats("same", NdArray.Role.OUTPUT, new long[] {2, 2})), List.of());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Nd4jWriter.write(batch, out);
        MultiDataSet read = new MultiDataSet();
        read.load(new ByteArrayInputStream(out.toByteArray()));
        assertThat(read.numFeatureArrays()).isEqualTo(2);
        assertThat(read.numLabelsArrays()).isEqualTo(1);
        assertThat(read.getFeatures(0).dataType()).isEqualTo(DataType.UINT8);
        assertThat(read.getFeatures(0)).isEqualTo(Nd4jWriter.toNd4j(batch.arrays().get(0)));
        assertThat(read.getFeatures(1)).isEqualTo(Nd4jWriter.toNd4j(batch.arrays().get(1)));
        assertThat(read.getLabels(0).getFloat(1, 1)).isEqualTo(-1.5f);
    }
}
