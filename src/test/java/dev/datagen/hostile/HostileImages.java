package dev.datagen.hostile;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.Deflater;

/**
 * Images too big to commit, made at test time from a one-line recipe in a case descriptor
 * ({@code image.<file> = <recipe> <numbers>}).
 */
final class HostileImages {

    private HostileImages() {
    }

    /** A grayscale JPEG of class ids 0 and 1 in two halves, as a mask drawn and then saved as JPEG would be. */
    private static byte[] jpegGray(int width, int height) throws IOException {
        java.awt.image.BufferedImage image = new java.awt.image.BufferedImage(width, height,
                java.awt.image.BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.getRaster().setSample(x, y, 0, x < width / 2 ? 0 : 1);
            }
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        javax.imageio.ImageIO.write(image, "jpeg", out);
        return out.toByteArray();
    }

    static Path write(String recipe, Path file) {
        String[] words = recipe.trim().split("\\s+");
        try {
            byte[] bytes = switch (words[0]) {
                case "tiff-duplicate-size-tags" -> tiffDuplicateSizeTags(Integer.parseInt(words[1]),
                        Integer.parseInt(words[2]), Integer.parseInt(words[3]), Integer.parseInt(words[4]));
                case "jpeg-gray" -> jpegGray(Integer.parseInt(words[1]), Integer.parseInt(words[2]));
                default -> throw new IllegalArgumentException("unknown image recipe '" + words[0] + "'");
            };
            return Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A little-endian baseline TIFF, 8-bit gray, one deflate-compressed strip of {@code width x height} zeros,
     * whose directory then declares ImageWidth and ImageLength a second time as {@code shownWidth x
     * shownHeight}. libtiff keeps the first declaration; a header reader that keeps the last one sees a tiny
     * image. A few hundred KB on disk, {@code width x height} bytes once decoded.
     */
    static byte[] tiffDuplicateSizeTags(int width, int height, int shownWidth, int shownHeight) {
        Deflater deflater = new Deflater(9);
        ByteArrayOutputStream strip = new ByteArrayOutputStream();
        byte[] row = new byte[width];
        byte[] buffer = new byte[1 << 16];
        for (int y = 0; y < height; y++) {
            deflater.setInput(row);
            while (!deflater.needsInput()) {
                strip.write(buffer, 0, deflater.deflate(buffer));
            }
        }
        deflater.finish();
        while (!deflater.finished()) {
            strip.write(buffer, 0, deflater.deflate(buffer));
        }
        deflater.end();
        byte[] data = strip.toByteArray();

        int[][] entries = {
            {256, 4, width}, {257, 4, height}, {258, 3, 8}, {259, 3, 8}, {262, 3, 1}, {273, 4, -1},
            {277, 3, 1}, {278, 4, height}, {279, 4, data.length}, {256, 4, shownWidth}, {257, 4, shownHeight},
        };
        int ifd = 8;
        int dataOffset = ifd + 2 + 12 * entries.length + 4;
        ByteBuffer b = ByteBuffer.allocate(dataOffset + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 'I').put((byte) 'I').putShort((short) 42).putInt(ifd);
        b.putShort((short) entries.length);
        for (int[] e : entries) {
            int value = e[2] == -1 ? dataOffset : e[2];
            b.putShort((short) e[0]).putShort((short) e[1]).putInt(1);
            if (e[1] == 3) {
                b.putShort((short) value).putShort((short) 0);
            } else {
                b.putInt(value);
            }
        }
        b.putInt(0);
        b.put(data);
        return b.array();
    }
}
