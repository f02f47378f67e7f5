package dev.datagen.payload;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.CRC32;

/**
 * Writes a batch as {@code .npz}: an uncompressed zip with one {@code <name>.npy} entry per array, which
 * {@code numpy.load} opens unchanged. Entries are stored, not deflated (pixels barely compress and
 * deflating would cost more CPU than decoding), and carry a fixed timestamp so the same batch gives the
 * same bytes on every replica, in every time zone.
 *
 * <p>The zip records are written here rather than by {@code java.util.zip.ZipOutputStream}, byte for byte as
 * it wrote them (a test holds the two side by side): a stored entry's CRC must be in its header, before the
 * data, so the data was read once for the CRC and then again by the stream, which checks it as it writes;
 * on a warm 10 MB batch that second pass was CPU the trainer's own {@code numpy.load} was waiting for.
 * Layout (APPNOTE 4.3): per array a local header, the npy header and data; then a central header per array,
 * and the end record. Names are UTF-8 (flag bit 11, as the JDK sets it), no extra fields, no data descriptors,
 * no ZIP64 (a batch is far below 4 GB).
 */
final class NpzWriter {

    /**
     * A fixed DOS date and time, 2000-01-01 00:00. (1980-01-01 00:00 itself is the JDK's "before 1980"
     * marker, and the bytes stay those the JDK wrote for this date.)
     */
    private static final int DOS_TIME = (2000 - 1980) << 25 | 1 << 21 | 1 << 16;
    /** Version 1.0, needed to extract a stored entry and given as "made by" too, as the JDK does. */
    private static final short VERSION = 10;
    /** General purpose flag bit 11: names are UTF-8. */
    private static final short UTF8 = 0x800;

    /** Fixed parts of a stored entry without extra fields: local header, central header; and the end record. */
    private static final int LOCAL_HEADER = 30;
    private static final int CENTRAL_HEADER = 46;
    private static final int END_RECORD = 22;

    private NpzWriter() {
    }

    /**
     * The exact length {@link #write} produces, known before writing, so the response carries a
     * Content-Length and readers need not parse chunked encoding.
     */
    public static long size(Batch batch) {
        long size = END_RECORD;
        for (NdArray array : batch.arrays()) {
            size += LOCAL_HEADER + CENTRAL_HEADER + 2L * name(array).length + NpyWriter.size(array);
        }
        return size;
    }

    public static void write(Batch batch, OutputStream out) throws IOException {
        List<NdArray> arrays = batch.arrays();
        int centralSize = 0;
        for (NdArray array : arrays) {
            centralSize += CENTRAL_HEADER + name(array).length;
        }
        ByteBuffer central = ByteBuffer.allocate(centralSize + END_RECORD).order(ByteOrder.LITTLE_ENDIAN);
        long[] checksums = batch.npzChecksums() != null ? batch.npzChecksums() : checksums(batch);
        long offset = 0;
        for (int i = 0; i < arrays.size(); i++) {
            NdArray array = arrays.get(i);
            byte[] name = name(array);
            byte[] header = NpyWriter.header(array.dtype(), array.shape());
            long crc = checksums[i];
            long size = header.length + (long) array.data().length;
            ByteBuffer local = ByteBuffer.allocate(LOCAL_HEADER + name.length).order(ByteOrder.LITTLE_ENDIAN);
            local.putInt(0x04034b50).putShort(VERSION);
            entry(local, crc, size, name).put(name);
            out.write(local.array());
            out.write(header);
            out.write(array.data());
            central.putInt(0x02014b50).putShort(VERSION).putShort(VERSION);
            entry(central, crc, size, name);
            central.putShort((short) 0) // comment length
                    .putShort((short) 0) // disk number
                    .putShort((short) 0) // internal attributes
                    .putInt(0) // external attributes
                    .putInt((int) offset)
                    .put(name);
            offset += LOCAL_HEADER + name.length + size;
        }
        central.putInt(0x06054b50).putShort((short) 0).putShort((short) 0)
                .putShort((short) arrays.size()).putShort((short) arrays.size())
                .putInt(centralSize).putInt((int) offset).putShort((short) 0);
        out.write(central.array());
    }

    /** The CRC-32 of each array's entry: its npy header, then its data. */
    static long[] checksums(Batch batch) {
        long[] checksums = new long[batch.arrays().size()];
        for (int i = 0; i < checksums.length; i++) {
            NdArray array = batch.arrays().get(i);
            CRC32 crc = new CRC32();
            crc.update(NpyWriter.header(array.dtype(), array.shape()));
            crc.update(array.data());
            checksums[i] = crc.getValue();
        }
        return checksums;
    }

    /** What the local and central headers share, from the flags to the extra field's length. */
    private static ByteBuffer entry(ByteBuffer b, long crc, long size, byte[] name) {
        return b.putShort(UTF8).putShort((short) 0) // stored
                .putInt(DOS_TIME).putInt((int) crc)
                .putInt((int) size).putInt((int) size) // compressed, uncompressed
                .putShort((short) name.length).putShort((short) 0);
    }

    private static byte[] name(NdArray array) {
        return (array.name() + ".npy").getBytes(StandardCharsets.UTF_8);
    }
}
