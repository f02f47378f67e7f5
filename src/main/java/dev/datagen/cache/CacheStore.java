package dev.datagen.cache;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decoded samples of one (dataset, split, input, pixel format) in fixed-size records: record i holds sample
 * i as a 24-byte header (its source file's size and stamp of modification time and inode, then the length of
 * what follows) and its pixels, up to the record's size (an image kept for random crops is as large as its
 * aspect ratio makes it; only what it takes is written and read). A record whose stamp differs from the
 * source file's current one is stale and counts as a miss, so an image replaced or corrupted after
 * registration is never served from the cache.
 *
 * <p>Read and written with positional I/O rather than memory-mapped: the kernel's page cache holds hot
 * records all the same, but they are not counted in the service's resident set, which stays flat however
 * large the dataset. Thread-safe; a failed write (disk full, read-only) disables the store, never a batch.
 *
 * <p>The records are striped over {@value #STRIPES} files in the store's folder, record i in file
 * {@code i % STRIPES}: a buffered write holds its file's inode lock (ext4, XFS) while it copies into the page
 * cache, so with one file the image workers of a cold epoch queued behind each other's writes, spinning in
 * the kernel. Measured on 2 cores, two threads writing 150 KB records cost 0.29-0.87 ms of CPU per record
 * into one new file and 0.06-0.16 ms into two; the cold epoch's cache writes took a third of the service's
 * CPU (docs/benchmark.md).
 */
public final class CacheStore {

    private static final Logger log = LoggerFactory.getLogger(CacheStore.class);
    static final int STAMP = 24;
    static final int STRIPES = 8;

    private final Path folder;
    private final int pixelBytes;
    private final int recordBytes;
    private final int capacity;
    private final FileChannel[] stripes = new FileChannel[STRIPES];
    private final ThreadLocal<ByteBuffer> buffers;
    private volatile boolean usable = true;

    /** Opens or creates the store in {@code folder}, which holds nothing else. */
    CacheStore(Path folder, int pixelBytes, int capacity) throws IOException {
        this.folder = folder;
        this.pixelBytes = pixelBytes;
        this.recordBytes = pixelBytes + STAMP;
        this.capacity = capacity;
        Files.createDirectories(folder);
        try {
            for (int s = 0; s < STRIPES; s++) {
                stripes[s] = FileChannel.open(folder.resolve(s + ".rec"), StandardOpenOption.CREATE,
                        StandardOpenOption.READ, StandardOpenOption.WRITE);
            }
        } catch (IOException e) {
            close();
            throw e;
        }
        this.buffers = ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(recordBytes).order(ByteOrder.LITTLE_ENDIAN));
    }

    static long reservation(int pixelBytes, int capacity) {
        return (long) (pixelBytes + STAMP) * capacity;
    }

    private FileChannel stripe(int index) {
        return stripes[index % STRIPES];
    }

    private long position(int index) {
        return (long) (index / STRIPES) * recordBytes;
    }

    /** Whether sample {@code index} can be cached here at all (the store may hold only a prefix). */
    public boolean covers(int index) {
        return usable && index < capacity;
    }

    /**
     * Whether the store holds some version of sample {@code index}: when not, there is nothing to check an
     * image's identity against (which costs a request for an object in a store).
     */
    public boolean holds(int index) {
        if (!covers(index)) {
            return false;
        }
        ByteBuffer buffer = buffers.get();
        try {
            buffer.clear().limit(STAMP);
            return fill(stripe(index), buffer, position(index)) && buffer.getLong(0) != 0;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Copies sample {@code index} into {@code dest} if the store holds it for the source file as it is now
     * (at most the store's pixel bytes; as many as were written).
     */
    public boolean read(int index, long stampSize, long stampTime, byte[] dest, int offset) {
        if (!covers(index)) {
            return false;
        }
        ByteBuffer buffer = buffers.get();
        FileChannel channel = stripe(index);
        long position = position(index);
        try {
            // the stamp alone first: in a first epoch every record is empty, and reading 150 KB to learn
            // that would double the I/O of a cold epoch
            buffer.clear().limit(STAMP);
            if (!fill(channel, buffer, position) || buffer.getLong(0) != stampSize || buffer.getLong(8) != stampTime
                    || stampSize == 0) {
                return false;
            }
            int length = buffer.getInt(16);
            if (length < 1 || length > pixelBytes) {
                return false;
            }
            buffer.clear().position(STAMP).limit(STAMP + length);
            if (!fill(channel, buffer, position)) {
                return false;
            }
            buffer.position(STAMP);
            buffer.get(dest, offset, length);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Reads from {@code position + buffer.position()} until the buffer is full; false at the end of the file. */
    private static boolean fill(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                return false;
            }
        }
        return true;
    }

    /** Stores sample {@code index}, all the store's pixel bytes of it. */
    public void write(int index, long stampSize, long stampTime, byte[] src, int offset) {
        write(index, stampSize, stampTime, src, offset, pixelBytes);
    }

    /** Stores {@code length} bytes of sample {@code index}: pixels first, then the stamp that makes them valid. */
    public void write(int index, long stampSize, long stampTime, byte[] src, int offset, int length) {
        if (!covers(index) || length < 1 || length > pixelBytes) {
            return;
        }
        ByteBuffer buffer = buffers.get();
        buffer.clear();
        buffer.position(STAMP);
        buffer.put(src, offset, length);
        FileChannel channel = stripe(index);
        long position = position(index);
        try {
            buffer.position(STAMP);
            while (buffer.hasRemaining()) {
                channel.write(buffer, position + buffer.position());
            }
            buffer.clear().limit(STAMP);
            buffer.putLong(0, stampSize).putLong(8, stampTime).putInt(16, length).putInt(20, 0);
            while (buffer.hasRemaining()) {
                channel.write(buffer, position + buffer.position());
            }
        } catch (IOException e) {
            usable = false;
            log.warn("decoded-sample cache {} disabled: {}", folder, e.toString());
        }
    }

    void close() {
        usable = false;
        for (FileChannel channel : stripes) {
            try {
                if (channel != null) {
                    channel.close();
                }
            } catch (IOException e) {
                log.debug("closing {}", folder, e);
            }
        }
    }
}
