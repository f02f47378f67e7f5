package dev.datagen.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import com.sun.jna.Pointer;
import org.bytedeco.javacpp.BytePointer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.datagen.support.Fixtures;
import dev.datagen.support.Python;

/**
 * TurboJPEG must decode to exactly OpenCV's pixels: replicas with and without libturbojpeg serve the same
 * bytes only if it does. Real photos, re-encoded by PIL in every chroma subsampling, progressive, greyscale,
 * CMYK and at odd sizes (where chroma upsampling has edge cases).
 */
class TurboJpegTest {

    /** Writes variants of each photo given on the command line into the folder given first. */
    private static final String VARIANTS = """
            import sys, os
            from PIL import Image
            out = sys.argv[1]
            for i, path in enumerate(sys.argv[2:]):
                im = Image.open(path).convert("RGB")
                odd = im.crop((3, 5, 336, 256))  # 333x251
                for name, img, kw in (("444", im, dict(subsampling=0)), ("422", im, dict(subsampling=1)),
                                      ("420", im, dict(subsampling=2)), ("progressive", im, dict(progressive=True)),
                                      ("odd420", odd, dict(subsampling=2)), ("odd422", odd, dict(subsampling=1)),
                                      ("gray", im.convert("L"), {}), ("cmyk", im.convert("CMYK"), {})):
                    img.save(os.path.join(out, "%d-%s.jpg" % (i, name)), quality=90, **kw)
            """;

    static List<Path> variants = new ArrayList<>();

    @BeforeAll
    static void photos() throws IOException {
        assertThat(TurboJpeg.installed())
                .as(TurboJpeg.LIBRARY + " must be installed for the tests (apt-get install libturbojpeg0)")
                .isPresent();
        Path photos = Fixtures.photos(40);
        Path out = Fixtures.root().resolve("jpeg-variants");
        Files.createDirectories(out);
        List<String> args = new ArrayList<>(List.of(out.toString()));
        for (int i = 0; i < 6; i++) {
            args.add(photos.resolve("jpg/p%05d.jpg".formatted(i)).toString());
        }
        Python.run(Python.DEBIAN_PYTHON, VARIANTS, args.toArray(String[]::new));
        try (Stream<Path> files = Files.list(out)) {
            variants.addAll(files.sorted().toList());
        }
        try (Stream<Path> files = Files.list(photos.resolve("jpg"))) {
            variants.addAll(files.sorted().toList());
        }
        assertThat(variants).hasSize(6 * 8 + 40);
    }

    @Test
    void decodesEveryVariantToOpenCvsPixels() {
        ImageCodec turbo = new ImageCodec(50_000_000, true);
        ImageCodec opencv = new ImageCodec(50_000_000, false);
        assertThat(turbo.jpegDecoder()).isEqualTo(TurboJpeg.LIBRARY);
        assertThat(opencv.jpegDecoder()).isEqualTo("opencv");
        List<PixelFormat> formats = List.of(PixelFormat.image(224, 224, ColorMode.RGB),
                PixelFormat.image(224, 224, ColorMode.GRAYSCALE), PixelFormat.image(375, 500, ColorMode.RGB),
                PixelFormat.image(96, 128, ColorMode.GRAYSCALE));
        int compared = 0;
        for (Path file : variants) {
            for (PixelFormat format : formats) {
                assertThat(turbo.decode(file, format)).as(file + " as " + format)
                        .isEqualTo(opencv.decode(file, format));
                compared++;
            }
        }
        assertThat(compared).isEqualTo(variants.size() * formats.size());
    }

    /** Registration's check (every pixel decoded once) reports the same facts with either decoder. */
    @Test
    void probesEveryVariantAsOpenCvDoes() {
        ImageCodec turbo = new ImageCodec(50_000_000, true);
        ImageCodec opencv = new ImageCodec(50_000_000, false);
        for (Path file : variants) {
            ImageFacts facts = turbo.probe(file, true);
            assertThat(facts).as(file.toString()).isEqualTo(opencv.probe(file, true));
            assertThat(facts.channels()).isEqualTo(file.getFileName().toString().endsWith("gray.jpg") ? 1 : 3);
        }
    }

    /** The codec tests above must not pass by falling back every time: TurboJPEG itself reads and decodes all but CMYK. */
    @Test
    void decodesAllButCmykItself() throws IOException {
        TurboJpeg turbo = TurboJpeg.installed().orElseThrow();
        for (Path file : variants) {
            byte[] bytes = Files.readAllBytes(file);
            ByteBuffer jpeg = ByteBuffer.allocateDirect(bytes.length).put(bytes).flip();
            ImageHeader header = ImageHeader.read(jpeg);
            String name = file.getFileName().toString();
            assertThat(turbo.channels(jpeg)).as(name)
                    .isEqualTo(name.endsWith("cmyk.jpg") ? 0 : name.endsWith("gray.jpg") ? 1 : 3);
            try (BytePointer dest = new BytePointer(header.pixels() * 3)) {
                boolean decoded = turbo.decode(jpeg, new Pointer(dest.address()), header.width(), header.height(), 3, 1);
                assertThat(decoded).as(name).isEqualTo(!name.endsWith("cmyk.jpg"));
            }
        }
    }

    /** Asked for a size other than the file's own, TurboJPEG declines (and OpenCV's answer stands). */
    @Test
    void declinesASizeOtherThanTheFilesOwn() throws IOException {
        byte[] bytes = Files.readAllBytes(variants.get(0));
        ByteBuffer jpeg = ByteBuffer.allocateDirect(bytes.length).put(bytes).flip();
        ImageHeader header = ImageHeader.read(jpeg);
        try (BytePointer dest = new BytePointer(header.pixels() * 3)) {
            assertThat(TurboJpeg.installed().orElseThrow()
                    .decode(jpeg, new Pointer(dest.address()), header.width() - 1, header.height(), 3, 1)).isFalse();
        }
    }
}
