package dev.datagen.generator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

import dev.datagen.support.Fixtures;
import dev.datagen.support.Http;
import dev.datagen.support.TestServer;
import tools.jackson.databind.JsonNode;

/**
 * A dataset's spec picks how its images are resized, by Keras' names: each method serves exactly what OpenCV's
 * resize with that method makes of the fully decoded photo, the default stays today's bilinear bytes, and an
 * unknown method is refused naming the field.
 */
class InterpolationServerTest {

    private static final Map<String, Integer> OPENCV = Map.of("bilinear", opencv_imgproc.INTER_LINEAR,
            "area", opencv_imgproc.INTER_AREA, "bicubic", opencv_imgproc.INTER_CUBIC,
            "nearest", opencv_imgproc.INTER_NEAREST);

    @Test
    void eachMethodServesWhatOpenCvMakesOfTheFullImage() throws IOException {
        Path photos = Fixtures.photos(40);
        List<String> files = Files.readAllLines(photos.resolve("train-data.txt")).subList(0, 8);
        try (TestServer server = TestServer.start(Files.createTempDirectory(Fixtures.root(), "interpolation"),
                List.of(Fixtures.root()))) {
            Http http = server.http();
            Set<String> distinct = new HashSet<>();
            for (String method : List.of("auto", "bilinear", "area", "bicubic", "nearest")) {
                HttpResponse<byte[]> r = register(http, "photos-" + method, photos,
                        "{\"inputs\": {\"image\": {\"size\": [96, 128], \"interpolation\": \"" + method + "\"}}}");
                assertThat(r.statusCode()).as(Http.text(r)).isEqualTo(201);
                assertThat(Http.json(r).at("/inputs/0/interpolation").asString()).isEqualTo(method);
                HttpResponse<byte[]> g = http.postJson("/api/datasets/photos-" + method + "/generators",
                        "{\"split\": \"train\", \"batchSize\": 8, \"shuffle\": false, \"dtype\": \"uint8\"}");
                String id = Http.json(g).get("id").asString();
                INDArray images = GeneratorServerTest.readNpz(http.get("/api/generators/" + id
                        + "/epochs/0/batches/0", "application/x-npz").body()).get("image");
                for (int i = 0; i < files.size(); i++) {
                    byte[] served = images.slice(i).dup().data().asBytes();
                    byte[] expected = resized(photos.resolve(files.get(i)), 96, 128,
                            OPENCV.get(method.equals("auto") ? "bilinear" : method));
                    assertThat(served).as(method + " " + files.get(i)).isEqualTo(expected);
                }
                distinct.add(java.util.Arrays.toString(images.data().asBytes()));
            }
            assertThat(distinct).as("auto is bilinear; the four methods differ").hasSize(4);

            HttpResponse<byte[]> refused = register(http, "photos-lanczos", photos,
                    "{\"inputs\": {\"image\": {\"interpolation\": \"lanczos\"}}}");
            assertThat(refused.statusCode()).isEqualTo(400);
            JsonNode problem = Http.json(refused);
            assertThat(problem.get("type").asString()).isEqualTo("/problems/invalid-spec");
            assertThat(problem.get("detail").asString()).contains("at inputs.image.interpolation").contains("lanczos");
        }
    }

    private static HttpResponse<byte[]> register(Http http, String name, Path photos, String spec) {
        Map<String, Object> form = new LinkedHashMap<>();
        form.put("name", name);
        form.put("baseDir", photos.toString());
        form.put("train-data", photos.resolve("train-data.txt"));
        form.put("train-label", photos.resolve("train-label.txt"));
        form.put("spec", spec);
        return http.multipart("/api/datasets", form);
    }

    /** The photo decoded in full by OpenCV, in RGB, resized with {@code interpolation}. */
    private static byte[] resized(Path photo, int height, int width, int interpolation) throws IOException {
        try (PointerScope scope = new PointerScope()) {
            Mat decoded = opencv_imgcodecs.imdecode(new Mat(new BytePointer(Files.readAllBytes(photo))),
                    opencv_imgcodecs.IMREAD_COLOR);
            opencv_imgproc.cvtColor(decoded, decoded, opencv_imgproc.COLOR_BGR2RGB);
            Mat out = new Mat();
            opencv_imgproc.resize(decoded, out, new Size(width, height), 0, 0, interpolation);
            byte[] bytes = new byte[height * width * 3];
            out.data().get(bytes);
            return bytes;
        }
    }
}
