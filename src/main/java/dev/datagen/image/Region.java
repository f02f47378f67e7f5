package dev.datagen.image;

/**
 * A rectangle of an image, in pixels: the crop a batch takes, or (for padding) the canvas around an image
 * with the image at (-x, -y).
 */
public record Region(int y, int x, int height, int width) {

    /** The largest centred region of {@code outH:outW}'s aspect ratio, its sides scaled by {@code fraction}. */
    static Region centered(int h, int w, int outH, int outW, double fraction) {
        double aspect = (double) outW / outH;
        double cw = Math.min(w, h * aspect);
        double ch = cw / aspect;
        int cropW = Math.max(1, (int) Math.round(cw * fraction));
        int cropH = Math.max(1, (int) Math.round(ch * fraction));
        cropW = Math.min(cropW, w);
        cropH = Math.min(cropH, h);
        return new Region((h - cropH) / 2, (w - cropW) / 2, cropH, cropW);
    }

    /** The smallest canvas of {@code outH:outW}'s aspect ratio around an {@code h x w} image, centred. */
    static Region padded(int h, int w, int outH, int outW) {
        double aspect = (double) outW / outH;
        int canvasW = Math.max(w, (int) Math.round(h * aspect));
        int canvasH = Math.max(h, (int) Math.round(w / aspect));
        return new Region(-(canvasH - h) / 2, -(canvasW - w) / 2, canvasH, canvasW);
    }

    /** This region of an image of {@code fromH x fromW}, scaled onto one of {@code toH x toW}. */
    public Region scaled(int fromH, int fromW, int toH, int toW) {
        if (fromH == toH && fromW == toW) {
            return this;
        }
        int y0 = (int) Math.round((double) y * toH / fromH);
        int x0 = (int) Math.round((double) x * toW / fromW);
        int y1 = Math.max(y0 + 1, Math.min(toH, (int) Math.round((double) (y + height) * toH / fromH)));
        int x1 = Math.max(x0 + 1, Math.min(toW, (int) Math.round((double) (x + width) * toW / fromW)));
        return new Region(Math.min(y0, toH - 1), Math.min(x0, toW - 1), y1 - Math.min(y0, toH - 1), x1 - Math.min(x0, toW - 1));
    }
}
