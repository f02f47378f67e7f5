package dev.datagen.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.datagen.support.Fixtures;
import dev.datagen.support.Python;
import dev.datagen.support.Served;
import dev.datagen.support.TestServer;
import tools.jackson.databind.JsonNode;

/** A mask output's class statistics, counted once at registration, against numpy over the mask PNGs. */
class MaskStatisticsServerTest {

    @Test
    void pixelAndImageSharesPerClassAreNumpysCountsOverTheMasks() throws IOException {
        Path mnist = Fixtures.mnist(300, 100);
        try (TestServer server = TestServer.start(Files.createTempDirectory(Fixtures.root(), "mask-stats"),
                List.of(Fixtures.root()))) {
            Served served = new Served(server.http());
            JsonNode d = served.register("seg", mnist, null, "train-data", "train-data.txt", "train-label.mask",
                    "train-mask.txt", "test-data", "test-data.txt", "test-label.mask", "test-mask.txt");
            for (String split : List.of("train", "test")) {
                JsonNode stats = d.at("/splits/" + split + "/masks/mask");
                assertThat(stats.get("pixels")).hasSize(11);
                String expected = Python.run(Python.DEBIAN_PYTHON, """
                        import sys, numpy as np
                        from PIL import Image
                        base, lst = sys.argv[1], sys.argv[2]
                        masks = [np.asarray(Image.open(base + "/" + l.strip())) for l in open(lst) if l.strip()]
                        ids = np.stack(masks)
                        pixels = np.bincount(ids.ravel(), minlength=11) / ids.size
                        images = np.array([(ids == k).any(axis=(1, 2)).mean() for k in range(11)])
                        print(" ".join("%.9f" % v for v in np.concatenate([pixels, images])))
                        """, mnist.toString(), mnist.resolve(split + "-mask.txt").toString());
                StringBuilder got = new StringBuilder();
                for (String field : List.of("pixels", "images")) {
                    stats.get(field).forEach(v -> got.append(got.isEmpty() ? "" : " ").append(String.format("%.9f", v.asDouble())));
                }
                assertThat(got.toString()).as(split).isEqualTo(expected);
            }
            // the description as the API serves it later carries them too, and the vector outputs have none
            assertThat(served.http().getJson("/api/datasets/seg").at("/splits/train/masks/mask/images/0").asDouble())
                    .isEqualTo(1.0);
        }
    }
}
