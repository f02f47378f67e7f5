package dev.datagen.image;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Width and height read from an encoded image's header without decoding it, so that an image declaring
 * billions of pixels (a decompression bomb) is refused before any pixel memory is allocated.
 * Knows the formats OpenCV decodes here: PNG, JPEG, BMP, TIFF, WebP and the Netpbm family.
 *
 * @param lossy whether the encoding loses information (JPEG, lossy WebP): no format for class-id masks
 */
public record ImageHeader(String format, int width, int height, boolean lossy) {

    /** A header of a format that is lossy only as JPEG is. */
    public ImageHeader(String format, int width, int height) {
        this(format, width, height, "jpeg".equals(format));
    }

    public long pixels() {
        return (long) width * height;
    }

    /**
     * Reads the header at the start of {@code data} (position 0 to limit).
     *
     * @throws ImageException when the format is unknown or the header is malformed or truncated
     */
    public static ImageHeader read(ByteBuffer data) {
        ByteBuffer b = data.duplicate().order(ByteOrder.BIG_ENDIAN);
        b.position(0);
        try {
            if (b.remaining() >= 24 && b.getLong(0) == 0x89504E470D0A1A0AL) {
                return checked("png", b.getInt(16), b.getInt(20));
            }
            if (b.remaining() >= 4 && (b.getShort(0) & 0xFFFF) == 0xFFD8) {
                return jpeg(b);
            }
            if (b.remaining() >= 26 && b.get(0) == 'B' && b.get(1) == 'M') {
                b.order(ByteOrder.LITTLE_ENDIAN);
                return checked("bmp", b.getInt(18), Math.abs(b.getInt(22)));
            }
            if (b.remaining() >= 8 && (b.getInt(0) == 0x49492A00 || b.getInt(0) == 0x4D4D002A)) {
                return tiff(b);
            }
            if (b.remaining() >= 30 && b.getInt(0) == 0x52494646 && b.getInt(8) == 0x57454250) {
                return webp(b);
            }
            if (b.remaining() >= 3 && b.get(0) == 'P' && b.get(1) >= '1' && b.get(1) <= '6') {
                return netpbm(b);
            }
        } catch (IndexOutOfBoundsException e) {
            throw new ImageException("the image header is truncated");
        }
        throw new ImageException("not an image in a supported format (PNG, JPEG, BMP, TIFF, WebP, PNM)");
    }

    private static ImageHeader checked(String format, long width, long height) {
        if (width <= 0 || height <= 0 || width > Integer.MAX_VALUE || height > Integer.MAX_VALUE) {
            throw new ImageException("the " + format + " header declares an invalid size " + width + "x" + height);
        }
        return new ImageHeader(format, (int) width, (int) height);
    }

    private static ImageHeader jpeg(ByteBuffer b) {
        int p = 2;
        while (p + 4 <= b.limit()) {
            if ((b.get(p) & 0xFF) != 0xFF) {
                throw new ImageException("the jpeg header is malformed");
            }
            int marker = b.get(p + 1) & 0xFF;
            if (marker == 0xFF) {
                p++;
                continue;
            }
            if (marker == 0xD8 || (marker >= 0xD0 && marker <= 0xD7) || marker == 0x01) {
                p += 2;
                continue;
            }
            int length = b.getShort(p + 2) & 0xFFFF;
            boolean startOfFrame = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
            if (startOfFrame) {
                int height = b.getShort(p + 5) & 0xFFFF;
                int width = b.getShort(p + 7) & 0xFFFF;
                return checked("jpeg", width, height);
            }
            if (marker == 0xD9 || marker == 0xDA || length < 2) {
                break;
            }
            p += 2 + length;
        }
        throw new ImageException("the jpeg has no frame header");
    }

    private static ImageHeader tiff(ByteBuffer b) {
        b.order(b.get(0) == 'I' ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
        int ifd = b.getInt(4);
        int entries = b.getShort(ifd) & 0xFFFF;
        long width = -1;
        long height = -1;
        for (int i = 0; i < entries; i++) {
            int e = ifd + 2 + 12 * i;
            int tag = b.getShort(e) & 0xFFFF;
            int type = b.getShort(e + 2) & 0xFFFF;
            long value = type == 3 ? (b.getShort(e + 8) & 0xFFFF) : (b.getInt(e + 8) & 0xFFFFFFFFL);
            if ((tag == 256 && width >= 0) || (tag == 257 && height >= 0)) {
                // libtiff keeps the first value and we would keep the last: refuse rather than disagree
                throw new ImageException("the tiff header declares its " + (tag == 256 ? "width" : "height") + " twice");
            }
            if (tag == 256) {
                width = value;
            } else if (tag == 257) {
                height = value;
            }
        }
        return checked("tiff", width, height);
    }

    private static ImageHeader webp(ByteBuffer b) {
        b.order(ByteOrder.LITTLE_ENDIAN);
        int chunk = b.getInt(12);
        if (chunk == 0x20385056) { // "VP8 ": lossy
            ImageHeader h = checked("webp", b.getShort(26) & 0x3FFF, b.getShort(28) & 0x3FFF);
            return new ImageHeader(h.format(), h.width(), h.height(), true);
        }
        if (chunk == 0x4C385056) { // "VP8L"
            int bits = b.getInt(21);
            return checked("webp", (bits & 0x3FFF) + 1, ((bits >>> 14) & 0x3FFF) + 1);
        }
        if (chunk == 0x58385056) { // "VP8X"
            int w = (b.get(24) & 0xFF) | (b.get(25) & 0xFF) << 8 | (b.get(26) & 0xFF) << 16;
            int h = (b.get(27) & 0xFF) | (b.get(28) & 0xFF) << 8 | (b.get(29) & 0xFF) << 16;
            ImageHeader header = checked("webp", w + 1L, h + 1L);
            return new ImageHeader(header.format(), header.width(), header.height(), hasLossyChunk(b));
        }
        throw new ImageException("the webp header is malformed");
    }

    /** Whether an extended WebP holds a lossy "VP8 " image chunk (chunks follow the 30-byte VP8X header). */
    private static boolean hasLossyChunk(ByteBuffer b) {
        long p = 30;
        while (p + 8 <= b.limit()) {
            if (b.getInt((int) p) == 0x20385056) {
                return true;
            }
            p += 8 + ((b.getInt((int) p + 4) & 0xFFFFFFFFL) + 1 & ~1L);
        }
        return false;
    }

    /** The format by its magic bytes alone (the first few bytes of a file), or null when none matches. */
    public static String sniff(ByteBuffer start) {
        try {
            return read(start).format();
        } catch (ImageException e) {
            return null;
        }
    }

    private static ImageHeader netpbm(ByteBuffer b) {
        long[] numbers = new long[2];
        int found = 0;
        int p = 2;
        while (found < 2 && p < b.limit() && p < 4096) {
            int c = b.get(p) & 0xFF;
            if (c == '#') {
                while (p < b.limit() && b.get(p) != '\n') {
                    p++;
                }
            } else if (c >= '0' && c <= '9') {
                long n = 0;
                while (p < b.limit() && b.get(p) >= '0' && b.get(p) <= '9' && n < Integer.MAX_VALUE) {
                    n = n * 10 + (b.get(p) - '0');
                    p++;
                }
                numbers[found++] = n;
                continue;
            } else if (!Character.isWhitespace(c)) {
                break;
            }
            p++;
        }
        if (found < 2) {
            throw new ImageException("the pnm header is malformed");
        }
        return checked("pnm", numbers[0], numbers[1]);
    }

    /**
     * libjpeg decodes a truncated file with a grey bottom and a warning; a JPEG is only accepted when its
     * end-of-image marker is present (trailing padding after it is tolerated).
     */
    static boolean endsWithJpegTrailer(ByteBuffer data) {
        int end = data.limit();
        int from = Math.max(2, end - 4096);
        for (int i = end - 2; i >= from; i--) {
            if ((data.get(i) & 0xFF) == 0xFF && (data.get(i + 1) & 0xFF) == 0xD9) {
                return true;
            }
        }
        return false;
    }
}
