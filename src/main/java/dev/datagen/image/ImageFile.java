package dev.datagen.image;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * An image file's encoded bytes, read whole into a direct buffer that the decoders take without a copy, and
 * the attributes of the file they were read from.
 *
 * @param data       the bytes, position 0 to limit; the calling thread's buffer, valid until its next read
 * @param attributes the file's size, modification time and key, as opened
 */
public record ImageFile(ByteBuffer data, BasicFileAttributes attributes) {

    /** Files are read into a per-thread direct buffer; one larger than this is read into a temporary one. */
    private static final int RETAINED_BUFFER = 8 << 20;
    private static final ThreadLocal<ByteBuffer> BUFFERS = new ThreadLocal<>();

    /**
     * Reads the whole file into a direct buffer (position 0, limit = size), reused per thread; only a regular
     * file is opened (see {@link RegularFile}), so no pipe or device can block the calling worker.
     */
    public static ImageFile read(Path file, long maxBytes) {
        try (RegularFile in = RegularFile.open(file)) {
            long size = in.size();
            if (size == 0) {
                throw new ImageException("the file is empty");
            }
            if (size > maxBytes) {
                throw new ImageException("the file is " + size + " bytes, too large for an image");
            }
            ByteBuffer buffer = buffer((int) size);
            if (!in.readFully(buffer)) {
                throw new ImageException("the file shrank while it was read");
            }
            return new ImageFile(buffer.flip(), in.attributes());
        } catch (NoSuchFileException e) {
            throw new ImageException("the file does not exist");
        } catch (RegularFile.NotRegularException e) {
            throw new ImageException(e.getMessage());
        } catch (IOException e) {
            throw new ImageException("the file cannot be read: " + e.getMessage(), e);
        }
    }

    /**
     * Encoded bytes read elsewhere (an object store's answer), copied into this thread's direct buffer, which
     * the decoders take without a copy: valid until the thread's next read.
     */
    public static ByteBuffer direct(byte[] encoded) {
        ByteBuffer buffer = buffer(encoded.length);
        buffer.put(encoded);
        return buffer.flip();
    }

    /** This thread's direct buffer, cleared to {@code size} bytes (a temporary one when it is very large). */
    private static ByteBuffer buffer(int size) {
        ByteBuffer buffer = BUFFERS.get();
        if (buffer == null || buffer.capacity() < size) {
            buffer = ByteBuffer.allocateDirect(Math.max(size, 256 << 10));
            if (buffer.capacity() <= RETAINED_BUFFER) {
                BUFFERS.set(buffer);
            }
        }
        buffer.clear().limit(size);
        return buffer;
    }
}
