package dev.datagen.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

import dev.datagen.support.Fixtures;
import tools.jackson.databind.JsonNode;

/**
 * A generator's page in a real Chromium, on real MNIST digits (with masks derived from them) and real photos:
 * the batch preview's tiles, read back from the browser's own canvas, equal pixel for pixel the samples of the
 * npz of the same batch as numpy reads it (uint8 exactly; float32 with normalization and MixUp mapped back to
 * 0..255 by numpy with the same formula); labels by class name, masks overlaid in class colours with their
 * ids exact, CutMix's box where the JSON view puts it; and the controls by keyboard. (The progress panel:
 * {@link ProgressBrowserTest}.)
 */
class BatchPreviewBrowserTest extends BrowserTest {

    static final String[] DIGITS = {"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"};
    static final String[] PHOTOS = {"astronaut", "chelsea", "coffee", "hubble", "motorcycle", "rocket"};

    PreviewTiles tiles;

    @BeforeAll
    static void start() {
        Path mnist = Fixtures.mnist(300, 100);
        Path photos = Fixtures.photos(40);
        startServer();
        String digitNames = "[\"" + String.join("\", \"", DIGITS) + "\"]";
        served.register("digits", mnist, "{\"outputs\": {\"label\": {\"classNames\": " + digitNames + "}}}",
                "train-data", "train-data.txt", "train-label", "train-label.txt");
        served.register("seg", mnist, "{\"outputs\": {\"digit\": {\"classNames\": " + digitNames + "}}}",
                "train-data", "train-data.txt", "train-label.mask", "train-mask.txt", "train-label.digit", "train-label.txt");
        served.register("photos", photos, "{\"inputs\": {\"image\": {\"size\": [96, 128], \"color\": \"rgb\"}}, "
                + "\"outputs\": {\"label\": {\"classNames\": [\"" + String.join("\", \"", PHOTOS) + "\"]}}}",
                "train-data", "train-data.txt", "train-label", "train-label.txt");
    }

    @BeforeEach
    void tiles() {
        tiles = new PreviewTiles(driver, pages, server.http(), tmp);
    }

    @Test
    void uint8TilesOfMnistAreExactlyTheSamplesOfTheNpzAndTheKeyboardMovesThroughBatches() {
        String id = served.generator("digits", """
                {"split": "train", "batchSize": 32, "seed": 11, "dtype": "uint8", "numShards": 2,
                 "augment": {"horizontalFlip": true, "rotationRange": 20}}""").path("id").asString();
        pages.open(base() + "/generators/" + id + "?epoch=1&batch=2&shard=1");
        pages.waiting().until(ExpectedConditions.textToBe(By.id("preview-status"),
                "Showing epoch 1, batch 2 of 5 (shard 1 of 2): 32 samples."));
        tiles.check(id, 1, 2, "?shard=1", "image", "label", DIGITS);
        pages.shot("generator-mnist-1280");

        // by keyboard alone: Tab reaches "Next batch", Enter shows batch 3 of the same epoch and shard
        WebElement next = pages.tabTo("next-batch", 80);
        next.sendKeys(Keys.ENTER);
        pages.waiting().until(ExpectedConditions.textToBe(By.id("preview-status"),
                "Showing epoch 1, batch 3 of 5 (shard 1 of 2): 32 samples."));
        assertThat(tiles.shown()).isEqualTo(PreviewTiles.indices(tiles.view(id, 1, 3, "?shard=1")));
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
        tiles.check(id, 2, 0, "?shard=0", "image", "label", DIGITS);
        driver.findElement(By.id("next-epoch")).click();
        pages.waiting().until(ExpectedConditions.textToBe(By.id("preview-status"),
                "Showing epoch 3, batch 0 of 5 (shard 0 of 2): 32 samples."));
        assertThat(tiles.shown()).isEqualTo(PreviewTiles.indices(tiles.view(id, 3, 0, "?shard=0")));
        pages.assertNoConsoleErrors();
    }

    @Test
    void float32TilesWithNormalizationAndMixUpAreTheNpzMappedBackTo0To255() {
        String id = served.generator("photos", """
                {"split": "train", "batchSize": 8, "seed": 5, "dtype": "float32", "layout": "NCHW",
                 "rescale": 0.00392156862745098, "crop": {"mode": "random-resized", "scale": [0.3, 1.0]},
                 "augment": {"horizontalFlip": true},
                 "normalize": {"mean": [0.485, 0.456, 0.406], "std": [0.229, 0.224, 0.225]},
                 "mixup": {"alpha": 0.4}}""").path("id").asString();
        pages.open(base() + "/generators/" + id + "?epoch=0&batch=1");
        pages.waiting().until(ExpectedConditions.textToBe(By.id("preview-status"), "Showing epoch 0, batch 1 of 5: 8 samples."));
        JsonNode view = tiles.check(id, 0, 1, "", "image", "label", PHOTOS);

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
    void masksAreOverlaidInClassColoursWithExactIdsAndCutMixBoxesWhereTheBatchSays() {
        String id = served.generator("seg", """
                {"split": "train", "batchSize": 12, "seed": 9, "dtype": "uint8",
                 "augment": {"horizontalFlip": true}, "cutmix": {"alpha": 1.0}}""").path("id").asString();
        pages.open(base() + "/generators/" + id + "?epoch=2&batch=1");
        pages.waiting().until(ExpectedConditions.textToBe(By.id("preview-status"), "Showing epoch 2, batch 1 of 25: 12 samples."));
        JsonNode view = tiles.check(id, 2, 1, "", "image", "digit", DIGITS);
        pages.waitForImages("#preview-grid .tile-stack img.mask-overlay");

        byte[] ids = tiles.expected(id, 2, 1, "", "mask");
        List<String> palette = List.of(PreviewTiles.JSON.readValue(driver.findElement(By.id("preview-legend")).getDomAttribute("data-colors"),
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

    private static String base() {
        return server.http().base();
    }
}
