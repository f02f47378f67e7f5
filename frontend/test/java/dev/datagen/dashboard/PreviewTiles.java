package dev.datagen.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

import dev.datagen.support.Http;
import dev.datagen.support.Python;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The batch preview's tiles against numpy: what the browser drew for a batch, compared pixel for pixel with
 * the npz of the same batch as numpy reads it, and each card's label and alt text with the batch's rows.
 */
final class PreviewTiles {

    static final JsonMapper JSON = JsonMapper.builder().build();

    /** The npz of a batch as numpy reads it, one array as the 0..255 pixels a tile must show, and its labels. */
    static final String EXPECTED = """
            import io, json, sys, urllib.request
            import numpy as np
            base, gid, epoch, index, query, array, out = sys.argv[1:8]
            def get(path, accept):
                return urllib.request.urlopen(urllib.request.Request(base + path, headers={"Accept": accept})).read()
            z = np.load(io.BytesIO(get("/api/generators/%s/epochs/%s/batches/%s%s" % (gid, epoch, index, query),
                                       "application/x-npz")))
            s = json.loads(get("/api/generators/" + gid, "application/json"))["settings"]
            x = z[array]
            if s.get("layout") == "NCHW" and x.ndim == 4:
                x = x.transpose(0, 2, 3, 1)
            if x.dtype != np.uint8:
                x = x.astype(np.float64)
                if "normalize" in s:
                    x = x * np.array(s["normalize"]["std"]) + np.array(s["normalize"]["mean"])
                x = np.clip(np.floor(x / s.get("rescale", 1.0) + 0.5), 0, 255).astype(np.uint8)
            open(out, "wb").write(np.ascontiguousarray(x).tobytes())
            print(json.dumps({"shape": list(x.shape), "labels": {k: z[k].tolist() for k in z.files if z[k].ndim == 2}}))
            """;

    private final ChromeDriver driver;
    private final Pages pages;
    private final Http http;
    private final Path tmp;

    PreviewTiles(ChromeDriver driver, Pages pages, Http http, Path tmp) {
        this.driver = driver;
        this.pages = pages;
        this.http = http;
        this.tmp = tmp;
    }

    /** One array of a batch's npz as numpy reads it, as the 0..255 bytes a tile must show (NHWC or NHW). */
    byte[] expected(String id, long epoch, long batch, String query, String array) {
        return run(id, epoch, batch, query, array).bytes();
    }

    /**
     * Every tile of the shown batch against numpy: the browser's pixels of {@code input} equal the npz's
     * samples mapped to 0..255, each card's label is its row of the batch by class name, and each tile's
     * alt text names its sample and label. Answers the batch's JSON view.
     */
    JsonNode check(String id, long epoch, long batch, String query, String input, String output, String[] names) {
        pages.waitForImages("#preview-grid img.tile");
        JsonNode view = view(id, epoch, batch, query);
        Numpy expected = run(id, epoch, batch, query, input);
        byte[] want = expected.bytes();
        JsonNode shape = expected.facts().path("shape");
        int n = shape.get(0).asInt();
        int h = shape.get(1).asInt();
        int w = shape.get(2).asInt();
        int c = shape.get(3).asInt();
        List<WebElement> cards = driver.findElements(By.cssSelector("#preview-grid > li"));
        assertThat(cards).hasSize(n);
        assertThat(shown()).isEqualTo(indices(view));
        JsonNode labels = view.path("labels").path(output);
        for (int j = 0; j < n; j++) {
            WebElement card = cards.get(j);
            WebElement tile = card.findElement(By.cssSelector("img.tile[data-array='" + input + "']"));
            byte[] rgba = pages.pixels(tile);
            assertThat(rgba).as("tile %d size", j).hasSize(h * w * 4);
            int differ = 0;
            for (int p = 0; p < h * w; p++) {
                for (int ch = 0; ch < 3; ch++) {
                    int shownValue = rgba[4 * p + ch] & 0xFF;
                    int npz = want[(j * h * w + p) * c + (c == 1 ? 0 : ch)] & 0xFF;
                    differ += shownValue == npz ? 0 : 1;
                }
                assertThat(rgba[4 * p + 3] & 0xFF).isEqualTo(255);
            }
            assertThat(differ).as("channel values of tile %d unlike the npz's", j).isZero();
            // the label: this sample's row of the batch (the JSON view's, equal to the npz's) by class name
            List<Double> row = new ArrayList<>();
            labels.get(j).forEach(v -> row.add(v.asDouble()));
            JsonNode npzRow = expected.facts().path("labels").path(output).get(j);
            for (int k = 0; k < row.size(); k++) {
                assertThat(row.get(k).floatValue()).as("label %d of sample %d", k, j).isEqualTo((float) npzRow.get(k).asDouble());
            }
            String text = labelText(row, names);
            assertThat(card.findElement(By.cssSelector("dd.label")).getText()).as("label of sample %d", j).isEqualTo(text);
            int index = view.path("indices").get(j).asInt();
            assertThat(tile.getDomAttribute("alt")).startsWith("train sample " + index + ", " + input + ", label " + text);
            assertThat(card.findElement(By.cssSelector(".sample-index a")).getDomAttribute("href"))
                    .endsWith("?split=train&sample=" + index);
        }
        return view;
    }

    /** As the page writes a label row: the one class, or every class it holds with its share, largest first. */
    static String labelText(List<Double> row, String[] names) {
        List<Integer> on = new ArrayList<>();
        for (int k = 0; k < row.size(); k++) {
            if (row.get(k) != 0) {
                on.add(k);
            }
        }
        on.sort((a, b) -> row.get(b).equals(row.get(a)) ? a - b : Double.compare(row.get(b), row.get(a)));
        if (on.size() == 1 && row.get(on.get(0)) == 1) {
            return on.get(0) + " (" + names[on.get(0)] + ")";
        }
        List<String> parts = new ArrayList<>();
        for (int k : on) {
            BigDecimal pct = BigDecimal.valueOf(Math.round(row.get(k) * 1000) / 10.0).stripTrailingZeros();
            parts.add(k + " (" + names[k] + ") " + pct.toPlainString() + "%");
        }
        return String.join(" + ", parts);
    }

    /** The dataset indices of the samples the preview shows, in batch order. */
    List<Integer> shown() {
        return driver.findElements(By.cssSelector("#preview-grid > li")).stream()
                .map(li -> Integer.parseInt(li.getDomAttribute("data-sample"))).toList();
    }

    JsonNode view(String id, long epoch, long batch, String query) {
        return http.getJson("/api/generators/" + id + "/epochs/" + epoch + "/batches/" + batch + query);
    }

    static List<Integer> indices(JsonNode view) {
        List<Integer> list = new ArrayList<>();
        view.path("indices").forEach(i -> list.add(i.asInt()));
        return list;
    }

    private record Numpy(JsonNode facts, byte[] bytes) {
    }

    private Numpy run(String id, long epoch, long batch, String query, String array) {
        Path file = tmp.resolve("expected-" + array + ".bin");
        JsonNode facts = JSON.readTree(Python.run(Python.PATH_PYTHON, EXPECTED, http.base(), id, String.valueOf(epoch),
                String.valueOf(batch), query, array, file.toString()));
        try {
            return new Numpy(facts, Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
