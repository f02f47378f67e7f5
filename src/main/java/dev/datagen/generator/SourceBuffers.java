package dev.datagen.generator;

/**
 * Each worker's buffers for images kept at the crop resolution (a megabyte or so each), reused from sample
 * to sample: allocated per sample, they would be garbage at a gigabyte a second.
 */
final class SourceBuffers {

    private static final ThreadLocal<byte[][]> BUFFERS = ThreadLocal.withInitial(() -> new byte[4][]);
    /** Larger ones are not kept: a rare huge input should not pin its memory on every worker. */
    private static final int RETAINED = 32 << 20;

    private SourceBuffers() {
    }

    /** A buffer of at least {@code bytes} for array {@code a} of the sample this thread is loading. */
    static byte[] take(int a, int bytes) {
        byte[][] mine = BUFFERS.get();
        if (a >= mine.length) {
            mine = java.util.Arrays.copyOf(mine, a + 1);
            BUFFERS.set(mine);
        }
        if (mine[a] == null || mine[a].length < bytes) {
            byte[] fresh = new byte[bytes];
            if (bytes <= RETAINED) {
                mine[a] = fresh;
            }
            return fresh;
        }
        return mine[a];
    }
}
