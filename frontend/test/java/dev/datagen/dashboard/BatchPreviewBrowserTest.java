package dev.datagen.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;

import dev.datagen.support.Fixtures;
import dev.datagen.support.Python;
import dev.datagen.support.Served;
import dev.datagen.support.TestServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A generator's page in a real Chromium, on real MNIST digits (with masks derived from them) and real photos:
 * the batch preview's tiles, read back from the browser's own canvas, equal pixel for pixel the samples of the
 * npz of the same batch as numpy reads it (uint8 exactly; float32 with normalization and MixUp mapped back to
 * 0..255 by numpy with the same formula); labels by class name, masks overlaid in class colours with their
 * ids exact, CutMix's box where the JSON view puts it; the controls by keyboard; and the progress panel
 * showing the epoch and batch a trainer just read, then where it stopped.
 */
class BatchPreviewBrowserTest {

    static final String[] DIGITS = {"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"};
    static final String[] PHOTOS = {"astronaut", "chelsea", "coffee", "hubble", "motorcycle", "rocket"};
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

    @TempDir
    static Path shared;
    static TestServer server;
    static Served served;

    @TempDir
    Path tmp;
    ChromeDriver driver;
    Pages pages;

    @BeforeAll
    static void start() {
        Path mnist = Fixtures.mnist(300, 100);
        Path photos = Fixtures.photos(40);
        server = TestServer.start(shared.resolve("storage"), List.of(Fixtures.root()));
        served = new Served(server.http());
        String digitNames = "[\"" + String.join("\", \"", DIGITS) + "\"]";
        served.register("digits", mnist, "{\"outputs\": {\"label\": {\"classNames\": " + digitNames + "}}}",
                "train-data", "train-data.txt", "train-label", "train-label.txt");
        served.register("seg", mnist, "{\"outputs\": {\"digit\": {\"classNames\": " + digitNames + "}}}",
                "train-data", "train-data.txt", "train-label.mask", "train-mask.txt", "train-label.digit", "train-label.txt");
        served.register("photos", photos, "{\"inputs\": {\"image\": {\"size\": [96, 128], \"color\": \"rgb\"}}, "
                + "\"outputs\": {\"label\": {\"classNames\": [\"" + String.join("\", \"", PHOTOS) + "\"]}}}",
                "train-data", "train-data.txt", "train-label", "train-label.txt");
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void browser() {
        driver = Chromium.start(tmp.resolve("chrome-profile"));
        pages = new Pages(driver);
    }

    @AfterEach
    void quit() {
        if (driver != null) {
            driver.quit();
        }
    }

    @Test
    void uint8TilesOfMnistAreExactlyTheSamplesOfTheNpzAndTheKeyboardMovesThroughBatches() throws IOException {
        String id = served.generator("digits", """
                {"split": "train", "batchSize": 32, "seed": 11, "dtype": "uint8", "numShards": 2,
                 "augment": {"horizontalFlip": true, "rotationRange": 20}}""").path("id").asString();
        pages.open(base() + "/generators/" + id + "?epoch=1&batch=2&shard=1");
        pages.waiting().until(ExpectedConditions.textToBe(By.id("preview-status"),
                "Showing epoch 1, batch 2 of 5 (shard 1 of 2): 32 samples."));
        checkTiles(id, 1, 2, "?shard=1", "image", "label", DIGITS);
        pages.shot("generator-mnist-1280");

        // by keyboard alone: Tab reaches "Next batch", Enter shows batch 3 of the same epoch and shard
        WebElement next = tabTo("next-batch");
        next.sendKeys(Keys.ENTER);
        pages.waiting().until(ExpectedConditions.textToBe(By.id("preview-status"),
                "Showing epoch 1, batch 3 of 5 (shard 1 of 2): 32 samples."));
        assertThat(shownSamples()).isEqualTo(indices(view(id, 1, 3, "?shard=1")));
        assertThat(driver.getCurrentUrl()).endsWith("?epoch=1&batch=3&shard=1");
        // past the last batch of an epoch: batch 0 of the next; "Another shard" keeps epoch and batch
        driver.findElement(By.id("next-batch")).sendKeys(Keys.ENTER);
        pages.waiting().until(ExpectedConditions.textToBe(By.id("preview-status"),
                "Showing epoch 1, batch 4 of 5 (shard 1 of 2): 22 samples."));
        driver.findElement(By.id("next-batch")).sendKeys(Keys.SPACE);
        pages.waiting().until(ExpectedConditions.textToBe(By.id("preview-status"),
                "Showing epoch 2, batch 0 of 5 (shard 1 of 2): 32 samples."));
        driver.findElement(By.id("other-shard")).sendKeys(Keys.ENTER);
        pages.waiting().until(ExpectedConditions.textToBe(By.id("preview-status"),
                "Showing epoch 2, batch 0 of 5 (shard 0 of 2): 32 samples."));
        checkTiles(id, 2, 0, "?shard=0", "image", "label", DIGITS);
        driver.findElement(By.id("next-epoch")).click();
        pages.waiting().until(ExpectedConditions.textToBe(By.id("preview-status"),
                "Showing epoch 3, batch 0 of 5 (shard 0 of 2): 32 samples."));
        assertThat(shownSamples()).isEqualTo(indices(view(id, 3, 0, "?shard=0")));
        pages.assertNoConsoleErrors();
    }

    @Test
    void float32TilesWithNormalizationAndMixUpAreTheNpzMappedBackTo0To255() throws IOException {
        String id = served.generator("photos", """
                {"split": "train", "batchSize": 8, "seed": 5, "dtype": "float32", "layout": "NCHW",
                 "rescale": 0.00392156862745098, "crop": {"mode": "random-resized", "scale": [0.3, 1.0]},
                 "augment": {"horizontalFlip": true},
                 "normalize": {"mean": [0.485, 0.456, 0.406], "std": [0.229, 0.224, 0.225]},
                 "mixup": {"alpha": 0.4}}""").path("id").asString();
        pages.open(base() + "/generators/" + id + "?epoch=0&batch=1");
        pages.waiting().until(ExpectedConditions.textToBe(By.id("preview-status"), "Showing epoch 0, batch 1 of 5: 8 samples."));
        JsonNode view = checkTiles(id, 0, 1, "", "image", "label", PHOTOS);

        // MixUp: the batch's lambda, and each sample's partner named on its card
        double lambda = view.path("mix").path("lambda").asDouble();
        assertThat(view.path("mix").path("kind").asString()).isEqualTo("mixup");
        assertThat(pages.text("preview-mix")).startsWith("MixUp, \u03bb = " + String.format("%.3f", lambda));
        List<WebElement> cards = driver.findElements(By.cssSelector("#preview-grid > li"));
        for (int j = 0; j < cards.size(); j++) {
            JsonNode partner = view.path("mix").path("samples").get(j);
            assertThat(cards.get(j).findElement(By.cssSelector(".mix-note")).getText())
                    .isEqualTo("with #" + partner.path("partner").asInt() + " (sample " + partner.path("partnerSample").asInt()
                            + "), \u03bb " + String.format("%.3f", lambda));
        }

        // originals side by side: the photo as registered (500x375), to the right of its tile
        driver.findElement(By.id("preview-originals")).click();
        pages.waitForImages("#preview-grid img.original-image");
        WebElement first = cards.get(0);
        WebElement tile = first.findElement(By.cssSelector("img.tile"));
        WebElement original = first.findElement(By.cssSelector("img.original-image"));
        assertThat(((Number) driver.executeScript("return arguments[0].naturalWidth;", original)).intValue()).isEqualTo(500);
        assertThat(original.getRect().getX()).isGreaterThan(tile.getRect().getX() + tile.getRect().getWidth() - 1);
        assertThat(original.getDomAttribute("alt")).isEqualTo("original of train sample " + first.getDomAttribute("data-sample") + ", image");
        pages.fullPage("generator-photos-originals-1280");
        pages.assertNoConsoleErrors();
    }

    @Test
    void masksAreOverlaidInClassColoursWithExactIdsAndCutMixBoxesWhereTheBatchSays() throws IOException {
        String id = served.generator("seg", """
                {"split": "train", "batchSize": 12, "seed": 9, "dtype": "uint8",
                 "augment": {"horizontalFlip": true}, "cutmix": {"alpha": 1.0}}""").path("id").asString();
        pages.open(base() + "/generators/" + id + "?epoch=2&batch=1");
        pages.waiting().until(ExpectedConditions.textToBe(By.id("preview-status"), "Showing epoch 2, batch 1 of 25: 12 samples."));
        JsonNode view = checkTiles(id, 2, 1, "", "image", "digit", DIGITS);
        pages.waitForImages("#preview-grid .tile-stack img.mask-overlay");

        Path idsFile = tmp.resolve("mask.bin");
        Python.run(Python.PATH_PYTHON, EXPECTED, base(), id, "2", "1", "", "mask", idsFile.toString());
        byte[] ids = Files.readAllBytes(idsFile);
        List<String> palette = List.of(JSON.readValue(driver.findElement(By.id("preview-legend")).getDomAttribute("data-colors"),
                String[].class));
        List<WebElement> cards = driver.findElements(By.cssSelector("#preview-grid > li"));
        int painted = 0;
        for (int j = 0; j < cards.size(); j++) {
            WebElement overlay = cards.get(j).findElement(By.cssSelector(".tile-stack img.mask-overlay"));
            byte[] rgba = pages.pixels(overlay);
            // the ids themselves, exactly: the same tile with ?format=ids, as the browser decodes it
            byte[] grey = pages.pixels(overlay.getDomAttribute("src") + "?format=ids");
            for (int p = 0; p < 28 * 28; p++) {
                int k = ids[j * 784 + p] & 0xFF;
                assertThat(grey[4 * p] & 0xFF).as("id of sample %d pixel %d", j, p).isEqualTo(k);
                assertThat(rgba[4 * p + 3] & 0xFF).as("alpha of sample %d pixel %d", j, p).isEqualTo(k == 0 ? 0 : 160);
                if (k > 0) {
                    int rgb = Integer.parseInt(palette.get((k - 1) % palette.size()).substring(1), 16);
                    // translucent pixels come back premultiplied and divided again: within one step
                    assertThat(rgba[4 * p] & 0xFF).isCloseTo(rgb >> 16, org.assertj.core.data.Offset.offset(1));
                    assertThat(rgba[4 * p + 1] & 0xFF).isCloseTo(rgb >> 8 & 0xFF, org.assertj.core.data.Offset.offset(1));
                    assertThat(rgba[4 * p + 2] & 0xFF).isCloseTo(rgb & 0xFF, org.assertj.core.data.Offset.offset(1));
                    painted++;
                }
            }
        }
        assertThat(painted).as("mask pixels of a digit class").isPositive();

        // CutMix: the box of the JSON view, drawn at its place on every tile
        JsonNode box = view.path("mix").path("box");
        assertThat(view.path("mix").path("kind").asString()).isEqualTo("cutmix");
        WebElement drawn = cards.get(0).findElement(By.cssSelector(".mix-box"));
        WebElement stack = cards.get(0).findElement(By.cssSelector(".tile-stack"));
        double scale = stack.getRect().getWidth() / 28.0;
        assertThat((double) drawn.getRect().getX() - stack.getRect().getX()).isCloseTo(box.get(1).asInt() * scale,
                org.assertj.core.data.Offset.offset(1.5));
        assertThat((double) drawn.getRect().getY() - stack.getRect().getY()).isCloseTo(box.get(0).asInt() * scale,
                org.assertj.core.data.Offset.offset(1.5));
        assertThat((double) drawn.getRect().getWidth()).isCloseTo((box.get(3).asInt() - box.get(1).asInt()) * scale,
                org.assertj.core.data.Offset.offset(1.5));
        pages.shot("generator-masks-1280");

        // the toggle hides every overlay, and shows them again
        driver.findElement(By.id("preview-masks")).click();
        assertThat(driver.findElements(By.cssSelector("#preview-grid img.mask-overlay")).stream()
                .noneMatch(WebElement::isDisplayed)).isTrue();
        driver.findElement(By.id("preview-masks")).click();
        assertThat(driver.findElement(By.cssSelector("#preview-grid .tile-stack img.mask-overlay")).isDisplayed()).isTrue();
        pages.assertNoConsoleErrors();
    }

    @Test
    void theProgressPanelShowsTheEpochAndBatchATrainerJustReadThenWhereItStopped() {
        String id = served.generator("digits", """
                {"split": "train", "batchSize": 16, "seed": 2, "dtype": "uint8", "numShards": 2}""").path("id").asString();
        // a trainer per shard reads its batches as npz; the preview's own reads must not count
        assertThat(server.http().get("/api/generators/" + id + "/epochs/3/batches/1?shard=0", "application/x-npz")
                .statusCode()).isEqualTo(200);
        assertThat(server.http().get("/api/generators/" + id + "/epochs/3/batches/4?shard=1", "application/x-npz")
                .statusCode()).isEqualTo(200);
        Instant read = Instant.now();
        pages.open(base() + "/generators/" + id);
        pages.waiting().until(ExpectedConditions.textMatches(By.id("progress-status"),
                Pattern.compile("^Reading now: the last batch was served at .*: epoch 3, batch 1 of shard 0; epoch 3, batch 4 of shard 1\\.$")));
        checkProgressRow(0, 3, 1, 10);
        checkProgressRow(1, 3, 4, 10);
        pages.shot("generator-progress-1280");

        // the home page's trainers panel lists it, with where each shard is
        pages.open(base() + "/");
        WebElement row = pages.waiting().until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#trainers-table tr[data-generator='" + id + "']")));
        assertThat(row.getDomAttribute("class")).isEqualTo("active");
        assertThat(row.findElement(By.cssSelector("td.where")).getText())
                .isEqualTo("epoch 3, batch 1 of shard 0; epoch 3, batch 4 of shard 1");
        assertThat(row.findElement(By.cssSelector("a")).getDomAttribute("href")).isEqualTo("/generators/" + id);
        assertThat(driver.findElement(By.id("throughput-empty")).isDisplayed()).as("empty-chart note").isFalse();
        pages.shot("home-trainers-1280");

        // a minute without batches: stopped, saying when and where
        long wait = Duration.between(Instant.now(), read.plusSeconds(62)).toMillis();
        if (wait > 0) {
            sleep(wait);
        }
        pages.open(base() + "/generators/" + id);
        pages.waiting().until(ExpectedConditions.textMatches(By.id("progress-status"), Pattern.compile(
                "^Stopped: nothing served for a minute; the last batch was served at \\d\\d:\\d\\d:\\d\\d \\(\\d+ min ago\\): "
                        + "epoch 3, batch 1 of shard 0; epoch 3, batch 4 of shard 1\\.$")));
        checkProgressRow(1, 3, 4, 10);
        pages.shot("generator-stopped-1280");
        pages.open(base() + "/");
        WebElement stopped = pages.waiting().until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#trainers-table tr[data-generator='" + id + "']")));
        assertThat(stopped.getDomAttribute("class")).isEqualTo("stopped");
        assertThat(stopped.getText()).containsPattern("stopped, \\d+ min ago$");
        pages.assertNoConsoleErrors();
    }

    /**
     * Every tile of the shown batch against numpy: the browser's pixels of {@code input} equal the npz's
     * samples mapped to 0..255, each card's label is its row of the batch by class name, and each tile's
     * alt text names its sample and label.
     */
    private JsonNode checkTiles(String id, long epoch, long batch, String query, String input, String output,
            String[] names) throws IOException {
        pages.waitForImages("#preview-grid img.tile");
        JsonNode view = view(id, epoch, batch, query);
        Path file = tmp.resolve("expected.bin");
        JsonNode expected = JSON.readTree(Python.run(Python.PATH_PYTHON, EXPECTED, base(), id, String.valueOf(epoch),
                String.valueOf(batch), query, input, file.toString()));
        byte[] want = Files.readAllBytes(file);
        int n = expected.path("shape").get(0).asInt();
        int h = expected.path("shape").get(1).asInt();
        int w = expected.path("shape").get(2).asInt();
        int c = expected.path("shape").get(3).asInt();
        List<WebElement> cards = driver.findElements(By.cssSelector("#preview-grid > li"));
        assertThat(cards).hasSize(n);
        assertThat(shownSamples()).isEqualTo(indices(view));
        JsonNode labels = view.path("labels").path(output);
        for (int j = 0; j < n; j++) {
            WebElement card = cards.get(j);
            WebElement tile = card.findElement(By.cssSelector("img.tile[data-array='" + input + "']"));
            byte[] rgba = pages.pixels(tile);
            assertThat(rgba).as("tile %d size", j).hasSize(h * w * 4);
            int differ = 0;
            for (int p = 0; p < h * w; p++) {
                for (int ch = 0; ch < 3; ch++) {
                    int shown = rgba[4 * p + ch] & 0xFF;
                    int npz = want[(j * h * w + p) * c + (c == 1 ? 0 : ch)] & 0xFF;
                    differ += shown == npz ? 0 : 1;
                }
                assertThat(rgba[4 * p + 3] & 0xFF).isEqualTo(255);
            }
            assertThat(differ).as("channel values of tile %d unlike the npz's", j).isZero();
            // the label: this sample's row of the batch (the JSON view's, equal to the npz's) by class name
            List<Double> row = new ArrayList<>();
            labels.get(j).forEach(v -> row.add(v.asDouble()));
            JsonNode npzRow = expected.path("labels").path(output).get(j);
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

    private void checkProgressRow(int shard, int epoch, int batch, int batches) {
        WebElement row = driver.findElement(By.cssSelector("#progress-table tr[data-shard='" + shard + "']"));
        assertThat(row.findElement(By.cssSelector("td[data-epoch]")).getText()).isEqualTo(String.valueOf(epoch));
        assertThat(row.findElement(By.cssSelector("td[data-batch]")).getText()).isEqualTo(String.valueOf(batch));
        WebElement bar = row.findElement(By.tagName("progress"));
        assertThat(bar.getDomAttribute("value")).isEqualTo(String.valueOf(batch + 1));
        assertThat(bar.getDomAttribute("max")).isEqualTo(String.valueOf(batches));
    }

    /** Presses Tab from the top of the page until {@code id} has the focus (at most 80 times). */
    private WebElement tabTo(String id) {
        driver.executeScript("document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0);");
        Actions keys = new Actions(driver);
        for (int i = 0; i < 80; i++) {
            keys.sendKeys(Keys.TAB).perform();
            if (id.equals(driver.executeScript("return document.activeElement.id;"))) {
                return driver.switchTo().activeElement();
            }
        }
        throw new AssertionError(id + " was not reached by Tab");
    }

    private List<Integer> shownSamples() {
        return driver.findElements(By.cssSelector("#preview-grid > li")).stream()
                .map(li -> Integer.parseInt(li.getDomAttribute("data-sample"))).toList();
    }

    private static JsonNode view(String id, long epoch, long batch, String query) {
        return server.http().getJson("/api/generators/" + id + "/epochs/" + epoch + "/batches/" + batch + query);
    }

    private static List<Integer> indices(JsonNode view) {
        List<Integer> list = new ArrayList<>();
        view.path("indices").forEach(i -> list.add(i.asInt()));
        return list;
    }

    private static String base() {
        return server.http().base();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
