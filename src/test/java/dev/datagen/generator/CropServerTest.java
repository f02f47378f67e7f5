package dev.datagen.generator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.datagen.support.Fixtures;
import dev.datagen.support.Python;
import dev.datagen.support.Served;
import dev.datagen.support.TestServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Crops on real images: MNIST digits with masks derived from them (pixel > 127), so wherever the image
 * went the mask must have gone too, and real photos, whose crops must keep the original's detail.
 */
class CropServerTest {

    static TestServer server;
    static Served served;
    static Path photos;

    static final String AUGMENT = "{\"horizontalFlip\": true, \"rotationRange\": 25, \"widthShiftRange\": 0.15, "
            + "\"heightShiftRange\": 0.15, \"zoomRange\": 0.2}";

    /**
     * Per sample, the pixels where the digit (image > 127) and its mask disagree farther than 2 pixels from
     * the mask's edge: resampling moves an edge (the image bilinearly, the mask by nearest neighbour) but
     * nothing else. As a control, the same count between each mask and the next sample's image.
     */
    static final String STRAY = """
            def near_edge(m, r):
                h, w = m.shape; p = np.pad(m, r, mode="edge"); out = np.zeros((h, w), bool)
                for dy in range(-r, r + 1):
                    for dx in range(-r, r + 1):
                        out |= p[r + dy:r + dy + h, r + dx:r + dx + w] != m
                return out
            def stray(img, mask):
                digit, m = img > 127, mask > 0
                return int(((digit != m) & ~near_edge(m, 2)).sum())
            def strays(gid, batches):
                own, control = [], []
                for b in range(batches):
                    z = npz(gid, 0, b)
                    img, mask = z["image"][..., 0], z["mask"]
                    for i in range(len(img)):
                        own.append(stray(img[i], mask[i]))
                        control.append(stray(img[(i + 1) % len(img)], mask[i]))
                return own, control
            """;

    @BeforeAll
    static void start() throws IOException {
        Path mnist = Fixtures.mnist(300, 100);
        photos = Fixtures.photos(40);
        server = TestServer.start(Files.createTempDirectory(Fixtures.root(), "crops"), List.of(Fixtures.root()));
        served = new Served(server.http());
        String[] seg = {"train-data", "train-data.txt", "train-label.mask", "train-mask.txt", "train-label.digit",
            "train-label.txt"};
        served.register("seg", mnist, null, seg);
        // a wide input, so the centre crop cuts and the letterbox pads
        served.register("segwide", mnist, "{\"inputs\": {\"image\": {\"size\": [28, 42]}}}", seg);
        served.register("photos", photos, "{\"inputs\": {\"image\": {\"size\": [64, 64], \"color\": \"rgb\"}}}",
                "train-data", "train-data.txt", "train-label", "train-label.txt");
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aMaskStillCoversItsDigitAfterEveryCropWithAndWithoutAugmentation() {
        for (String dataset : List.of("seg", "segwide")) {
            for (String crop : List.of("{\"mode\": \"random-resized\"}", "{\"mode\": \"center\", \"fraction\": 0.6}",
                    "{\"mode\": \"pad\"}")) {
                for (String augment : List.of("null", AUGMENT)) {
                    String settings = "{\"split\": \"train\", \"batchSize\": 50, \"seed\": 7, \"dtype\": \"uint8\", "
                            + "\"crop\": " + crop + ", \"augment\": " + augment + "}";
                    JsonNode r = JsonMapper.shared().readTree(Python.run(Python.PATH_PYTHON, Served.PYTHON + STRAY + """
                            own, control = strays(generator(sys.argv[2], json.loads(sys.argv[3]))["id"], 6)
                            print(json.dumps({"max": max(own), "mean": float(np.mean(own)), "control": float(np.mean(control))}))
                            """, served.url(), dataset, settings));
                    String what = dataset + " " + settings + " -> " + r;
                    assertThat(r.get("max").asInt()).as(what).isLessThanOrEqualTo(16);
                    assertThat(r.get("mean").asDouble()).as(what).isLessThan(1.0);
                    // the measure tells a misplaced mask apart: the next sample's digit strays widely
                    assertThat(r.get("control").asDouble()).as(what).isGreaterThan(15);
                }
            }
        }
    }

    @Test
    void warmEpochsOfRandomCropsComeFromTheCacheAndDrawNewRegions() {
        MeterRegistry meters = server.bean(MeterRegistry.class);
        String id = served.generator("photos", "{\"split\": \"train\", \"batchSize\": 20, \"seed\": 6, "
                + "\"dtype\": \"uint8\", \"crop\": {\"mode\": \"random-resized\"}}").get("id").asString();
        // counted from before the first epoch: the prefetcher may build epoch 1's batches before they are asked
        double reads = meters.counter("datagen.cache.misses").count() + meters.counter("datagen.cache.hits").count();
        for (int b = 0; b < 2; b++) {
            assertThat(served.http().get("/api/generators/" + id + "/epochs/0/batches/" + b, "application/x-npy")
                    .statusCode()).isEqualTo(200);
        }
        // the batches built ahead after epoch 0's first batch read its samples while batch 1 was still decoding
        // them: their misses may land after batch 1 is served, so wait until those builds are done
        double misses = settledMisses(meters);
        byte[] first = served.http().get("/api/generators/" + id + "/epochs/1/batches/0", "application/x-npy").body();
        served.http().get("/api/generators/" + id + "/epochs/1/batches/1", "application/x-npy");
        // the warm epoch decoded nothing, and its 40 samples were read from the cache
        assertThat(meters.counter("datagen.cache.misses").count()).isEqualTo(misses);
        assertThat(meters.counter("datagen.cache.misses").count() + meters.counter("datagen.cache.hits").count())
                .isGreaterThanOrEqualTo(reads + 80);
        // the same samples in another epoch get other regions
        String out = Python.run(Python.PATH_PYTHON, Served.PYTHON + """
                gid = sys.argv[2]
                a, b = npz(gid, 1, 0), npz(gid, 2, 0)
                va, vb = view(gid, 1, 0)["indices"], view(gid, 2, 0)["indices"]
                same = [(va.index(i), vb.index(i)) for i in va if i in vb]
                print(len(same), sum(int((a["image"][i] != b["image"][j]).any()) for i, j in same))
                """, served.url(), id);
        String[] f = out.split(" ");
        assertThat(f[1]).as(out).isEqualTo(f[0]);
        assertThat(first).isNotEmpty();
    }

    /** The cache's miss count once its reads have stopped changing for half a second (at most 30 s). */
    private static double settledMisses(MeterRegistry meters) {
        double last = -1;
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline) {
            double reads = meters.counter("datagen.cache.misses").count() + meters.counter("datagen.cache.hits").count();
            if (reads == last) {
                break;
            }
            last = reads;
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return meters.counter("datagen.cache.misses").count();
    }

    @Test
    void theLetterboxPadsImageAndMaskWithZerosAndTheCentreCropCutsTheSides() {
        String out = Python.run(Python.PATH_PYTHON, Served.PYTHON + """
                g = generator("segwide", {"split": "train", "batchSize": 50, "seed": 1, "dtype": "uint8", "crop": {"mode": "pad"}})
                z = npz(g["id"], 0, 0)
                img, mask = z["image"][..., 0], z["mask"]
                # 28x28 digits on a 28x42 canvas: 7 columns of zeros either side, the digit itself untouched between
                print(img.shape, int(img[:, :, :7].max()), int(img[:, :, 35:].max()), int(mask[:, :, :7].max()),
                      int(mask[:, :, 35:].max()), int(img[:, :, 7:35].max()))
                c = generator("segwide", {"split": "train", "batchSize": 50, "seed": 1, "dtype": "uint8",
                                          "crop": {"mode": "center"}, "shuffle": False})
                s = generator("segwide", {"split": "train", "batchSize": 50, "seed": 1, "dtype": "uint8", "shuffle": False})
                # the centre crop of a square digit to 28:42 takes its middle 28x19 rows: the stretch shows them all
                centre, stretch = npz(c["id"], 0, 0)["image"], npz(s["id"], 0, 0)["image"]
                print(bool((centre != stretch).any()))
                """, served.url());
        assertThat(out).isEqualTo("(50, 28, 42) 0 0 0 0 255\nTrue");
    }

    @Test
    void cropsComeFromTheImageAtItsResolutionNotFromTheResizedThumbnail() {
        String out = Python.run(Python.DEBIAN_PYTHON, Served.PYTHON + """
                from PIL import Image
                paths = [l.strip() for l in open(sys.argv[2] + "/train-data.txt")]
                def batch(body):
                    g = generator("photos", body)
                    return npz(g["id"], 0, 0)["image"].astype(float), view(g["id"], 0, 0)["indices"]
                # centre crop 0.875 of a 500x375 photo to 64x64: the central 328x328 square of the original
                img, idx = batch({"split": "train", "batchSize": 40, "shuffle": False, "dtype": "uint8",
                                  "crop": {"mode": "center", "fraction": 0.875}})
                served, thumb = [], []
                for i, k in enumerate(idx):
                    im = Image.open(sys.argv[2] + "/" + paths[k]).convert("RGB")
                    ref = np.asarray(im.crop((86, 23, 414, 351)).resize((64, 64), Image.BILINEAR), float)
                    small = im.resize((64, 64), Image.BILINEAR).crop((4, 4, 60, 60)).resize((64, 64), Image.BILINEAR)
                    served.append(np.abs(img[i] - ref).mean())
                    thumb.append(np.abs(np.asarray(small, float) - ref).mean())
                print("%.2f %.2f" % (np.mean(served), np.mean(thumb)))
                # random-resized crops of 30% of the area: as sharp as PIL's crops of the original, not a blur
                def sharpness(a):
                    g = np.asarray(a, float).mean(axis=-1)
                    return (np.abs(np.diff(g, axis=0)).mean() + np.abs(np.diff(g, axis=1)).mean()) / 2
                img, idx = batch({"split": "train", "batchSize": 40, "seed": 3, "dtype": "uint8",
                                  "crop": {"mode": "random-resized", "scale": [0.3, 0.3], "ratio": [1, 1]}})
                rng = np.random.default_rng(0)
                s = int(round((0.3 * 500 * 375) ** 0.5))
                ours, original, thumbnail = [], [], []
                for i, k in enumerate(idx):
                    im = Image.open(sys.argv[2] + "/" + paths[k]).convert("RGB")
                    x, y = rng.integers(0, 500 - s + 1), rng.integers(0, 375 - s + 1)
                    ours.append(sharpness(img[i]))
                    original.append(sharpness(im.crop((x, y, x + s, y + s)).resize((64, 64), Image.BILINEAR)))
                    tx, ty, ts = int(x * 64 / 500), int(y * 64 / 375), int(round(s * 64 / 500))
                    thumbnail.append(sharpness(im.resize((64, 64), Image.BILINEAR).crop((tx, ty, tx + ts, ty + ts))
                                               .resize((64, 64), Image.BILINEAR)))
                print("%.2f %.2f %.2f" % (np.mean(ours), np.mean(original), np.mean(thumbnail)))
                """, served.url(), photos.toString());
        String[] lines = out.split("\n");
        String[] centre = lines[0].split(" ");
        assertThat(Double.parseDouble(centre[0])).as(out).isLessThan(3.0);
        assertThat(Double.parseDouble(centre[1])).as(out).isGreaterThan(4 * Double.parseDouble(centre[0]));
        String[] sharp = lines[1].split(" ");
        double ours = Double.parseDouble(sharp[0]);
        assertThat(ours).as(out).isGreaterThan(0.85 * Double.parseDouble(sharp[1]));
        assertThat(ours).as(out).isGreaterThan(1.5 * Double.parseDouble(sharp[2]));
    }
}
