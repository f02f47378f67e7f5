package dev.datagen.generator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.datagen.support.Fixtures;
import dev.datagen.support.Python;
import dev.datagen.support.Served;
import dev.datagen.support.TestServer;

/**
 * Normalization, MixUp and CutMix checked number by number against the same generator without them: the
 * samples and their positions do not change, so every mixed value is a combination the JSON view reports.
 */
class MixServerTest {

    static TestServer server;
    static Served served;

    @BeforeAll
    static void start() throws IOException {
        Path mnist = Fixtures.mnist(300, 100);
        Path photos = Fixtures.photos(40);
        server = TestServer.start(Files.createTempDirectory(Fixtures.root(), "mix"), List.of(Fixtures.root()));
        served = new Served(server.http());
        served.register("digits", mnist, null, "train-data", "train-data.txt", "train-label", "train-label.txt",
                "train-label.parity", "train-label-parity.txt");
        served.register("seg", mnist, null, "train-data", "train-data.txt", "train-label.mask", "train-mask.txt",
                "train-label.digit", "train-label.txt");
        served.register("photos", photos, "{\"inputs\": {\"image\": {\"size\": [48, 64], \"color\": \"rgb\"}}}",
                "train-data", "train-data.txt", "train-label", "train-label.txt");
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void normalizationEqualsNumpyApplyingTheFormulaToTheUint8Batch() {
        String out = Python.run(Python.PATH_PYTHON, Served.PYTHON + """
                mean, std = [0.485, 0.456, 0.406], [0.229, 0.224, 0.225]
                common = {"split": "train", "batchSize": 20, "seed": 5, "crop": {"mode": "random-resized"},
                          "augment": {"horizontalFlip": True, "rotationRange": 10}}
                raw = generator("photos", dict(common, dtype="uint8"))
                worst = 0.0
                for layout in ["NHWC", "NCHW"]:
                    norm = generator("photos", dict(common, dtype="float32", rescale=1 / 255, layout=layout,
                                                    normalize={"mean": mean, "std": std}))
                    for b in range(2):
                        x = npz(raw["id"], 1, b)["image"].astype(np.float32)
                        m, s = np.array(mean, np.float32), np.array(std, np.float32)
                        want = (x * np.float32(1 / 255) - m) / s
                        got = npz(norm["id"], 1, b)["image"]
                        if layout == "NCHW":
                            got = got.transpose(0, 2, 3, 1)
                        assert got.dtype == np.float32 and got.shape == want.shape, (got.dtype, got.shape)
                        worst = max(worst, float(np.abs(got - want).max()))
                # without rescale: (x - m) / s on the 0..255 values
                plain = generator("photos", dict(common, dtype="float32", normalize={"mean": [120, 110, 100], "std": [60, 50, 40]}))
                x = npz(raw["id"], 0, 0)["image"].astype(np.float32)
                want = (x - np.array([120, 110, 100], np.float32)) / np.array([60, 50, 40], np.float32)
                worst = max(worst, float(np.abs(npz(plain["id"], 0, 0)["image"] - want).max()))
                print("%.3g" % worst)
                """, served.url());
        assertThat(Double.parseDouble(out)).isLessThanOrEqualTo(1e-5);
    }

    @Test
    void mixupBlendsEachSampleWithItsMirrorByTheReportedLambda() {
        String out = Python.run(Python.PATH_PYTHON, Served.PYTHON + """
                common = {"split": "train", "batchSize": 25, "seed": 9, "dtype": "float32", "rescale": 1 / 255}
                plain = generator("digits", common)
                mixed = generator("digits", dict(common, mixup={"alpha": 0.2}))
                lambdas, worst = [], 0.0
                for b in range(12):
                    a, m, v, pv = npz(plain["id"], 2, b), npz(mixed["id"], 2, b), view(mixed["id"], 2, b), view(plain["id"], 2, b)
                    assert v["indices"] == pv["indices"], "mixing changed the samples"
                    n, lam = len(v["indices"]), v["mix"]["lambda"]
                    assert v["mix"]["kind"] == "mixup" and 0 <= lam <= 1
                    lambdas.append(lam)
                    for i, s in enumerate(v["mix"]["samples"]):
                        j = n - 1 - i
                        assert s["partner"] == j and s["partnerSample"] == v["indices"][j] and s["lambda"] == lam, s
                        for name in ["image", "label", "parity"]:
                            want = lam * a[name][i] + (1 - lam) * a[name][j]
                            worst = max(worst, float(np.abs(m[name][i] - want).max()))
                        for name in ["label", "parity"]:
                            want = lam * np.array(pv["labels"][name][i]) + (1 - lam) * np.array(pv["labels"][name][j])
                            worst = max(worst, float(np.abs(np.array(v["labels"][name][i]) - want).max()))
                print("%.3g %d %.3f %.3f" % (worst, len(set(lambdas)), min(lambdas), max(lambdas)))
                """, served.url());
        String[] f = out.split(" ");
        assertThat(Double.parseDouble(f[0])).as(out).isLessThanOrEqualTo(1e-6);
        assertThat(Integer.parseInt(f[1])).as("a new lambda every batch: " + out).isEqualTo(12);
    }

    @Test
    void cutmixPastesTheReportedBoxIntoImageAndMaskAndMixesLabelsByItsArea() {
        String out = Python.run(Python.PATH_PYTHON, Served.PYTHON + """
                common = {"split": "train", "batchSize": 30, "seed": 4, "dtype": "uint8",
                          "crop": {"mode": "random-resized", "scale": [0.5, 1]}, "augment": {"horizontalFlip": True}}
                plain = generator("seg", common)
                mixed = generator("seg", dict(common, cutmix={"alpha": 1.0}))
                boxes, worst, checked = 0, 0.0, 0
                for b in range(10):
                    a, m, v = npz(plain["id"], 0, b), npz(mixed["id"], 0, b), view(mixed["id"], 0, b)
                    assert v["indices"] == view(plain["id"], 0, b)["indices"]
                    n, lam, (y0, x0, y1, x1) = len(v["indices"]), v["mix"]["lambda"], v["mix"]["box"]
                    assert v["mix"]["kind"] == "cutmix"
                    area = (y1 - y0) * (x1 - x0) / (28 * 28)
                    assert abs(lam - (1 - area)) < 1e-12, (lam, area)
                    boxes += area > 0
                    inside = np.zeros((28, 28), bool)
                    inside[y0:y1, x0:x1] = True
                    for i in range(n):
                        j = n - 1 - i
                        for name in ["image", "mask"]:
                            want = a[name][j] if name == "mask" else a[name][j][..., 0]
                            own = a[name][i] if name == "mask" else a[name][i][..., 0]
                            got = m[name][i] if name == "mask" else m[name][i][..., 0]
                            assert (got[inside] == want[inside]).all() and (got[~inside] == own[~inside]).all(), (b, i, name)
                        digit, partner = int(np.argmax(a["digit"][i])), int(np.argmax(a["digit"][j]))
                        assert set(np.unique(m["mask"][i][inside])) <= {0, partner + 1}
                        assert set(np.unique(m["mask"][i][~inside])) <= {0, digit + 1}
                        want = lam * a["digit"][i] + (1 - lam) * a["digit"][j]
                        worst = max(worst, float(np.abs(m["digit"][i] - want).max()))
                        worst = max(worst, float(np.abs(np.array(v["labels"]["digit"][i]) - m["digit"][i]).max()))
                        checked += 1
                print("%d %d %.3g" % (checked, boxes, worst))
                """, served.url());
        String[] f = out.split(" ");
        assertThat(Integer.parseInt(f[0])).isEqualTo(300);
        assertThat(Integer.parseInt(f[1])).as("batches whose box holds pixels: " + out).isGreaterThanOrEqualTo(8);
        assertThat(Double.parseDouble(f[2])).as(out).isLessThanOrEqualTo(1e-6);
    }

    @Test
    void withBothEachBatchPicksOneOfThemAboutHalfTheTime() {
        String out = Python.run(Python.PATH_PYTHON, Served.PYTHON + """
                g = generator("digits", {"split": "train", "batchSize": 5, "seed": 2, "dtype": "float32",
                                         "mixup": {"alpha": 0.2}, "cutmix": {"alpha": 1.0}})
                kinds = [view(g["id"], 0, b)["mix"]["kind"] for b in range(60)]
                again = [view(g["id"], 0, b)["mix"]["kind"] for b in range(60)]
                print(kinds.count("mixup"), kinds.count("cutmix"), kinds == again)
                """, served.url());
        String[] f = out.split(" ");
        // Binomial(60, 1/2): 15..45 holds with probability above 0.9999
        assertThat(Integer.parseInt(f[0])).as(out).isBetween(15, 45);
        assertThat(Integer.parseInt(f[0]) + Integer.parseInt(f[1])).isEqualTo(60);
        assertThat(f[2]).isEqualTo("True");
    }

    @Test
    void badPreprocessingSettingsAreRefusedNamingTheField() {
        String base = "{\"split\": \"train\", \"dtype\": \"float32\", ";
        served.refused("photos", base + "\"normalize\": {\"mean\": [0.5], \"std\": [0.2]}}", "normalize.mean");
        served.refused("photos", "{\"split\": \"train\", \"dtype\": \"uint8\", \"normalize\": {\"mean\": [0, 0, 0], "
                + "\"std\": [1, 1, 1]}}", "normalize");
        served.refused("photos", base + "\"normalize\": {\"mean\": [0, 0, 0], \"std\": [1, 0, 1]}}", "normalize.std");
        served.refused("seg", base + "\"mixup\": {\"alpha\": 0.2}}", "mixup");
        served.refused("digits", "{\"split\": \"train\", \"dtype\": \"uint8\", \"mixup\": {\"alpha\": 0.2}}", "mixup");
        served.refused("digits", base + "\"mixup\": {\"alpha\": 0}}", "mixup.alpha");
        served.refused("digits", base + "\"cutmix\": {\"alpha\": -1}}", "cutmix.alpha");
        served.refused("digits", base + "\"crop\": {\"mode\": \"random-resized\", \"scale\": [0, 1]}}", "crop.scale");
        served.refused("digits", base + "\"crop\": {\"mode\": \"random-resized\", \"ratio\": [2, 1]}}", "crop.ratio");
        served.refused("digits", base + "\"crop\": {\"mode\": \"center\", \"fraction\": 1.5}}", "crop.fraction");
        served.refused("digits", base + "\"crop\": {\"mode\": \"zoom\"}}", "crop.mode");
    }
}
