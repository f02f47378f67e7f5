package dev.datagen.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.datagen.support.Fixtures;

/** Decoding real MNIST PNGs, and refusing bombs, truncation and garbage before they cost memory. */
class ImageCodecTest {

    static Path mnist;
    final ImageCodec codec = new ImageCodec(50_000_000);

    @TempDir
    Path tmp;

    @BeforeAll
    static void data() {
        mnist = Fixtures.mnist(300, 100);
    }

    @Test
    void probesARealDigit() {
        ImageFacts facts = codec.probe(mnist.resolve("train/00000.png"), true);
        assertThat(facts.width()).isEqualTo(28);
        assertThat(facts.height()).isEqualTo(28);
        assertThat(facts.channels()).isEqualTo(1);
        assertThat(facts.eightBit()).isTrue();
        assertThat(facts.maxValue()).isBetween(200, 255);
    }

    @Test
    void decodesAtNativeSizeWithoutChangingPixelsAndResizesOnRequest() {
        byte[] same = codec.decode(mnist.resolve("train/00001.png"), PixelFormat.image(28, 28, ColorMode.GRAYSCALE));
        assertThat(same).hasSize(28 * 28);
        byte[] rgb = codec.decode(mnist.resolve("train/00001.png"), PixelFormat.image(28, 28, ColorMode.RGB));
        for (int i = 0; i < same.length; i++) {
            assertThat(rgb[3 * i]).isEqualTo(same[i]);
            assertThat(rgb[3 * i + 2]).isEqualTo(same[i]);
        }
        byte[] big = codec.decode(mnist.resolve("train/00001.png"), PixelFormat.image(56, 40, ColorMode.GRAYSCALE));
        assertThat(big).hasSize(56 * 40);
    }

    @Test
    void masksKeepTheirClassIdsWhenResized() {
        Path mask = mnist.resolve("train_mask/00000.png");
        int max = codec.probe(mask, true).maxValue();
        byte[] resized = codec.decode(mask, PixelFormat.mask(56, 56));
        for (byte b : resized) {
            int v = b & 0xFF;
            assertThat(v == 0 || v == max).as("nearest-neighbour keeps ids, got %d", v).isTrue();
        }
    }

    @Test
    void refusesADecompressionBombFromItsHeaderAlone() throws IOException {
        // a valid PNG signature and IHDR declaring 100000 x 100000 pixels, and nothing else
        ByteBuffer png = ByteBuffer.allocate(33);
        png.putLong(0x89504E470D0A1A0AL).putInt(13).putInt(0x49484452).putInt(100_000).putInt(100_000);
        png.put((byte) 8).put((byte) 0).put((byte) 0).put((byte) 0).put((byte) 0).putInt(0);
        Path bomb = Files.write(tmp.resolve("bomb.png"), png.array());
        assertThatThrownBy(() -> codec.probe(bomb, false)).isInstanceOf(ImageException.class)
                .hasMessageContaining("max-image-pixels");
        assertThat(ImageHeader.read(ByteBuffer.wrap(png.array())).pixels()).isEqualTo(10_000_000_000L);
    }

    @Test
    void refusesATruncatedJpeg() throws IOException {
        Path jpeg = tmp.resolve("whole.jpg");
        byte[] encoded = jpegOf(mnist.resolve("train/00002.png"));
        Files.write(jpeg, encoded);
        assertThat(codec.probe(jpeg, false).width()).isEqualTo(28);
        Path cut = Files.write(tmp.resolve("cut.jpg"), Arrays.copyOf(encoded, encoded.length * 2 / 3));
        assertThatThrownBy(() -> codec.probe(cut, false)).isInstanceOf(ImageException.class)
                .hasMessageContaining("truncated");
    }

    @Test
    void refusesATruncatedPng() throws IOException {
        byte[] whole = Files.readAllBytes(mnist.resolve("train/00003.png"));
        Path cut = Files.write(tmp.resolve("cut.png"), Arrays.copyOf(whole, whole.length / 2));
        assertThatThrownBy(() -> codec.probe(cut, false)).isInstanceOf(ImageException.class);
    }

    @Test
    void refusesTextPosingAsAnImage() throws IOException {
        Path fake = Files.writeString(tmp.resolve("fake.png"), "not an image at all");
        assertThatThrownBy(() -> codec.probe(fake, false)).isInstanceOf(ImageException.class)
                .hasMessageContaining("not an image");
        Path empty = Files.write(tmp.resolve("empty.png"), new byte[0]);
        assertThatThrownBy(() -> codec.probe(empty, false)).hasMessageContaining("empty");
    }

    @Test
    void encodesPngThatDecodesBackToTheSamePixels() throws IOException {
        byte[] pixels = codec.decode(mnist.resolve("train/00004.png"), PixelFormat.image(28, 28, ColorMode.RGB));
        Path png = Files.write(tmp.resolve("again.png"), Png.encode(pixels, 28, 28, 3));
        assertThat(codec.decode(png, PixelFormat.image(28, 28, ColorMode.RGB))).isEqualTo(pixels);
    }

    private byte[] jpegOf(Path png) {
        byte[] rgb = codec.decode(png, PixelFormat.image(28, 28, ColorMode.RGB));
        try (var scope = new org.bytedeco.javacpp.PointerScope()) {
            var in = new org.bytedeco.javacpp.BytePointer(rgb.length);
            in.put(rgb);
            var mat = new org.bytedeco.opencv.opencv_core.Mat(28, 28, org.bytedeco.opencv.global.opencv_core.CV_8UC3, in);
            var out = new org.bytedeco.javacpp.BytePointer();
            org.bytedeco.opencv.global.opencv_imgcodecs.imencode(".jpg", mat, out);
            byte[] jpeg = new byte[(int) out.limit()];
            out.get(jpeg);
            return jpeg;
        }
    }
}
