package dev.datagen.image;

/**
 * How masks are drawn over their images everywhere (sample pages, batch previews): class 0, the background,
 * transparent; class k in the k-th of twenty distinct colours (matplotlib's tab20 order), translucent.
 */
public final class MaskColors {

    private static final int[] PALETTE = {0x1f77b4, 0xff7f0e, 0x2ca02c, 0xd62728, 0x9467bd, 0x8c564b, 0xe377c2,
        0x7f7f7f, 0xbcbd22, 0x17becf, 0xaec7e8, 0xffbb78, 0x98df8a, 0xff9896, 0xc5b0d5, 0xc49c94, 0xf7b6d2,
        0xc7c7c7, 0xdbdb8d, 0x9edae5};
    private static final int ALPHA = 160;

    private MaskColors() {
    }

    /** RGB of class {@code id} (1 and up). */
    public static int rgb(int id) {
        return PALETTE[(id - 1) % PALETTE.length];
    }

    /** RGBA pixels (4 bytes each) of class ids, one byte each. */
    public static byte[] rgba(byte[] ids) {
        byte[] rgba = new byte[ids.length * 4];
        for (int i = 0; i < ids.length; i++) {
            int id = ids[i] & 0xFF;
            if (id == 0) {
                continue;
            }
            int c = rgb(id);
            rgba[4 * i] = (byte) (c >> 16);
            rgba[4 * i + 1] = (byte) (c >> 8);
            rgba[4 * i + 2] = (byte) c;
            rgba[4 * i + 3] = (byte) ALPHA;
        }
        return rgba;
    }
}
