package dev.datagen.generator;

import java.util.Arrays;

/**
 * Each worker's buffers, reused from sample to sample: allocated per sample, they would be garbage at
 * hundreds of megabytes a second, which makes G1 grow its young generation (and the resident set) with the
 * serving rate. {@link #source} holds an image kept at the crop resolution (a megabyte or so), {@link #pixels}
 * one sample's image at the batch's size before it is converted into the batch (float32, NCHW, augmented).
 */
final class WorkerBuffers {

    private static final ThreadLocal<byte[][]> SOURCES = ThreadLocal.withInitial(() -> new byte[4][]);
    private static final ThreadLocal<byte[][]> PIXELS = ThreadLocal.withInitial(() -> new byte[4][]);
    /** Larger ones are not kept: a rare huge input should not pin its memory on every worker. */
    private static final int RETAINED = 32 << 20;

    private WorkerBuffers() {
    }

    /** A buffer of at least {@code bytes} for array {@code a} of the sample this thread is loading. */
    static byte[] source(int a, int bytes) {
        byte[][] mine = slots(SOURCES, a);
        if (mine[a] == null || mine[a].length < bytes) {
            return keep(mine, a, bytes);
        }
        return mine[a];
    }

    /** A buffer of exactly {@code bytes} (its length is the image's size to the code it is given to). */
    static byte[] pixels(int a, int bytes) {
        byte[][] mine = slots(PIXELS, a);
        if (mine[a] == null || mine[a].length != bytes) {
            return keep(mine, a, bytes);
        }
        return mine[a];
    }

    private static byte[][] slots(ThreadLocal<byte[][]> buffers, int a) {
        byte[][] mine = buffers.get();
        if (a >= mine.length) {
            mine = Arrays.copyOf(mine, a + 1);
            buffers.set(mine);
        }
        return mine;
    }

    private static byte[] keep(byte[][] mine, int a, int bytes) {
        byte[] fresh = new byte[bytes];
        if (bytes <= RETAINED) {
            mine[a] = fresh;
        }
        return fresh;
    }
}
