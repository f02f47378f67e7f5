package dev.datagen.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.datagen.support.Fixtures;
import dev.datagen.support.Python;

/**
 * Camera-size photos (4032x3024, real photographs upscaled by PIL, which is what the issue allows) decode at
 * a reduced scale when they are fitted to a small input: within two levels on average of a full decode
 * followed by an area resize (the antialiased reference), with the same bytes from TurboJPEG and from
 * OpenCV's libjpeg, and registration's check reports their full size without decoding them in full.
 */
class ReducedDecodeTest {

    private static final String CAMERA = """
            import sys, os
            from PIL import Image
            out = sys.argv[1]
            for i, path in enumerate(sys.argv[2:]):
                im = Image.open(path).convert("RGB").resize((4032, 3024), Image.BICUBIC)
                im.save(os.path.join(out, "camera-%d.jpg" % i), quality=90)
                im.convert("L").save(os.path.join(out, "camera-gray-%d.jpg" % i), quality=90)
            """;

    static List<Path> photos = new ArrayList<>();

    @BeforeAll
    static void cameraPhotos() throws IOException {
        Path source = Fixtures.photos(40);
        Path out = Fixtures.root().resolve("camera-photos");
        Files.createDirectories(out);
        List<String> args = new ArrayList<>(List.of(out.toString()));
        for (int i = 0; i < 3; i++) {
            args.add(source.resolve("jpg/p%05d.jpg".formatted(i * 7)).toString());
        }
        if (!Files.isRegularFile(out.resolve("camera-gray-2.jpg"))) {
            Python.run(Python.DEBIAN_PYTHON, CAMERA, args.toArray(String[]::new));
        }
        try (Stream<Path> files = Files.list(out)) {
            photos.addAll(files.sorted().toList());
        }
    }

    @Test
    void theReductionKeepsEveryPixelTheFitKeeps() {
        PixelFormat input = PixelFormat.image(224, 224, ColorMode.RGB);
        assertThat(DecodeScale.forFormat(3024, 4032, input)).isEqualTo(4); // 1008x756, at least twice 224
        assertThat(DecodeScale.forFormat(375, 500, input)).isEqualTo(1);   // today's photos: decoded in full
        assertThat(DecodeScale.forFormat(2000, 2000, input)).isEqualTo(4); // 500 >= 448; 1/8 would be 250
        assertThat(DecodeScale.forFormat(1000, 1000, input)).isEqualTo(1); // below 2 MP: always in full
        assertThat(DecodeScale.forFormat(3024, 4032, input.fitted(PixelFormat.Fit.CENTER, 0.5))).isEqualTo(2);
        assertThat(DecodeScale.forFormat(3024, 4032, input.fitted(PixelFormat.Fit.SOURCE, 1))).isEqualTo(2);
        assertThat(DecodeScale.forFormat(3024, 4032, PixelFormat.image(1024, 1024, ColorMode.RGB))).isEqualTo(1);
    }

    @Test
    void reducedDecodesStayWithinTwoLevelsOfAnAreaResizeAndMatchAcrossDecoders() throws IOException {
        ImageCodec turbo = new ImageCodec(50_000_000, true);
        ImageCodec opencv = new ImageCodec(50_000_000, false);
        double worstMean = 0;
        int worstMax = 0;
        for (Path photo : photos) {
            boolean gray = photo.getFileName().toString().contains("gray");
            PixelFormat format = PixelFormat.image(224, 224, gray ? ColorMode.GRAYSCALE : ColorMode.RGB);
            byte[] reduced = turbo.decode(photo, format);
            assertThat(opencv.decode(photo, format)).as("OpenCV's reduced decode of " + photo).isEqualTo(reduced);
            byte[] reference = fullDecodeAreaResize(photo, format);
            long sum = 0;
            int max = 0;
            for (int i = 0; i < reduced.length; i++) {
                int d = Math.abs((reduced[i] & 0xFF) - (reference[i] & 0xFF));
                sum += d;
                max = Math.max(max, d);
            }
            double mean = (double) sum / reduced.length;
            System.out.printf("%s: mean |difference| %.3f levels, max %d%n", photo.getFileName(), mean, max);
            worstMean = Math.max(worstMean, mean);
            worstMax = Math.max(worstMax, max);
        }
        assertThat(worstMean).as("mean absolute difference to full decode + area resize").isLessThanOrEqualTo(2.0);
        System.out.printf("worst mean %.3f, worst max %d%n", worstMean, worstMax);
    }

    @Test
    void registrationsCheckReportsTheFullSize() {
        ImageCodec turbo = new ImageCodec(50_000_000, true);
        for (Path photo : photos) {
            ImageFacts facts = turbo.probe(photo, false);
            assertThat(facts.width()).isEqualTo(4032);
            assertThat(facts.height()).isEqualTo(3024);
            assertThat(facts.channels()).isEqualTo(photo.getFileName().toString().contains("gray") ? 1 : 3);
            assertThat(facts).isEqualTo(new ImageCodec(50_000_000, false).probe(photo, false));
        }
    }

    /** The reference: every pixel decoded by OpenCV, then averaged by area to the format's size. */
    private static byte[] fullDecodeAreaResize(Path photo, PixelFormat format) throws IOException {
        try (PointerScope scope = new PointerScope()) {
            byte[] file = Files.readAllBytes(photo);
            Mat decoded = opencv_imgcodecs.imdecode(new Mat(new BytePointer(file)), format.channels() == 1
                    ? opencv_imgcodecs.IMREAD_GRAYSCALE : opencv_imgcodecs.IMREAD_COLOR);
            if (format.channels() == 3) {
                opencv_imgproc.cvtColor(decoded, decoded, opencv_imgproc.COLOR_BGR2RGB);
            }
            Mat out = new Mat();
            opencv_imgproc.resize(decoded, out, new Size(format.width(), format.height()), 0, 0,
                    opencv_imgproc.INTER_AREA);
            byte[] bytes = new byte[format.bytes()];
            out.data().get(bytes);
            return bytes;
        }
    }
}
