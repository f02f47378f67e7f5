package dev.datagen.payload;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.apache.commons.io.output.CloseShieldOutputStream;

/**
 * Writes a batch as {@code .npz}: an uncompressed zip with one {@code <name>.npy} entry per array, which
 * {@code numpy.load} opens unchanged. Entries are stored, not deflated (pixels barely compress and
 * deflating would cost more CPU than decoding), and carry a fixed timestamp so the same batch gives the
 * same bytes on every replica, in every time zone.
 */
final class NpzWriter {

    /**
     * A fixed DOS time. (1980-01-01 00:00 itself is the JDK's "before 1980" marker, which would add an
     * extended timestamp in the local time zone.)
     */
    private static final LocalDateTime EPOCH = LocalDateTime.of(2000, 1, 1, 0, 0);

    /** Fixed parts of a stored entry without extra fields: local header, central header; and the end record. */
    private static final int LOCAL_HEADER = 30;
    private static final int CENTRAL_HEADER = 46;
    private static final int END_RECORD = 22;

    private NpzWriter() {
    }

    /**
     * The exact length {@link #write} produces, known before writing, so the response carries a
     * Content-Length and readers need not parse chunked encoding. Entries are stored with their sizes and CRC
     * given up front (no data descriptors), names are ASCII-safe UTF-8 without extra fields, and a batch is
     * far below ZIP64's 4 GB: every part has a fixed length.
     */
    public static long size(Batch batch) {
        long size = END_RECORD;
        for (NdArray array : batch.arrays()) {
            int name = (array.name() + ".npy").getBytes(StandardCharsets.UTF_8).length;
            size += LOCAL_HEADER + CENTRAL_HEADER + 2L * name + NpyWriter.size(array);
        }
        return size;
    }

    public static void write(Batch batch, OutputStream out) throws IOException {
        // the servlet container closes the response stream, not us
        ZipOutputStream zip = new ZipOutputStream(CloseShieldOutputStream.wrap(out));
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
            entry.setTimeLocal(EPOCH);
            zip.putNextEntry(entry);
            zip.write(header);
            zip.write(array.data());
            zip.closeEntry();
        }
        zip.finish();
    }
}
