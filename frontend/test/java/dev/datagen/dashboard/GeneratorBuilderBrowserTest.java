package dev.datagen.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

import dev.datagen.support.Fixtures;
import dev.datagen.support.Python;
import tools.jackson.databind.JsonNode;

/**
 * The generator builder on a dataset's page, in a real Chromium on real photos and real MNIST digits with
 * masks: a generator made through the form (flip, random-resized crop, MixUp) exists with exactly those
 * settings, as the API describes it, and its Python and curl snippets make the same generator; a setting
 * the API refuses shows the API's own detail next to the field it names, and nothing is created.
 */
class GeneratorBuilderBrowserTest extends BrowserTest {

    static final String[] PHOTOS = {"astronaut", "chelsea", "coffee", "hubble", "motorcycle", "rocket"};

    @BeforeAll
    static void start() {
        Path mnist = Fixtures.mnist(300, 100);
        Path photos = Fixtures.photos(40);
        startServer();
        served.register("photos", photos, "{\"inputs\": {\"image\": {\"size\": [96, 128], \"color\": \"rgb\"}}, "
                + "\"outputs\": {\"label\": {\"classNames\": [\"" + String.join("\", \"", PHOTOS) + "\"]}}}",
                "train-data", "train-data.txt", "train-label", "train-label.txt");
        served.register("seg", mnist, null,
                "train-data", "train-data.txt", "train-label.mask", "train-mask.txt", "train-label.digit", "train-label.txt");
    }

    @Test
    void aGeneratorBuiltWithFlipCropAndMixUpExistsWithThoseSettingsAndTheSnippetsMakeTheSame() {
        pages.open(base() + "/datasets/photos");
        type("gen-batchSize", "8");
        type("gen-seed", "7");
        new Select(driver.findElement(By.id("gen-dtype"))).selectByValue("float32");
        new Select(driver.findElement(By.id("gen-layout"))).selectByValue("NCHW");
        type("gen-rescale", "1/255");
        driver.findElement(By.id("gen-horizontalFlip")).sendKeys(Keys.SPACE); // a checkbox by keyboard
        new Select(driver.findElement(By.id("gen-cropMode"))).selectByValue("random-resized");
        type("gen-scaleMin", "0.5");
        type("gen-scaleMax", "1");
        type("gen-mixup", "0.4");
        assertThat(driver.findElement(By.id("gen-cropFraction")).isDisplayed()).as("centre crop's field").isFalse();
        String python = pages.text("snippet-python");
        String curl = pages.text("snippet-curl");
        assertThat(curl).contains("\"mixup\": {", "\"horizontalFlip\": true", "\"mode\": \"random-resized\"");
        pages.fullPage("builder-filled-1280");

        driver.findElement(By.id("gen-create")).sendKeys(Keys.ENTER);
        pages.waiting().until(ExpectedConditions.urlMatches("/generators/[0-9a-f-]{36}($|\\?)"));
        String id = driver.getCurrentUrl().replaceFirst(".*/generators/([0-9a-f-]{36}).*", "$1");

        // read back through the API: the form's settings, and the API's defaults for the rest
        JsonNode s = server.http().getJson("/api/generators/" + id).path("settings");
        assertThat(s.path("split").asString()).isEqualTo("train");
        assertThat(s.path("batchSize").asInt()).isEqualTo(8);
        assertThat(s.path("seed").asLong()).isEqualTo(7);
        assertThat(s.path("dtype").asString()).isEqualToIgnoringCase("float32");
        assertThat(s.path("layout").asString()).isEqualTo("NCHW");
        assertThat(s.path("rescale").asDouble()).isEqualTo(1 / 255.0);
        assertThat(s.path("augment").path("horizontalFlip").asBoolean()).isTrue();
        assertThat(s.path("augment").path("verticalFlip").asBoolean()).isFalse();
        assertThat(s.path("crop").path("mode").asString()).isEqualTo("random-resized");
        assertThat(s.path("crop").path("scale").get(0).asDouble()).isEqualTo(0.5);
        assertThat(s.path("crop").path("scale").get(1).asDouble()).isEqualTo(1.0);
        assertThat(s.path("mixup").path("alpha").asDouble()).isEqualTo(0.4);
        assertThat(s.has("cutmix")).isFalse();
        assertThat(s.path("shuffle").asBoolean()).isTrue();
        // and its page says so
        pages.waiting().until(ExpectedConditions.textMatches(By.id("preview-status"), Pattern.compile("^Showing epoch 0, batch 0 ")));
        assertThat(setting("mixup")).isEqualTo("alpha 0.4");
        assertThat(setting("augment")).isEqualTo("horizontalFlip");
        // in the request's words since 1a1a4ab ("scale [0.5, 1.0]"; was raw JSON, "[0.5,1.0]")
        assertThat(setting("crop")).contains("random-resized").contains("scale [0.5, 1.0]");
        assertThat(driver.findElement(By.cssSelector("#preview-grid img.tile")).getDomAttribute("alt"))
                .contains("mixed with sample");
        pages.shot("generator-built-1280");

        // the snippets, run as a user would paste them, make a generator with the very same settings
        String fromPython = Python.run(Python.PATH_PYTHON, "import json, sys\nsys.path.insert(0, sys.argv[1])\n" + python
                + "\nprint(json.dumps(gen.description['settings']))", Path.of("clients", "python").toAbsolutePath().toString());
        assertThat(PreviewTiles.JSON.readTree(fromPython)).isEqualTo(s);
        String fromCurl = shell(curl);
        assertThat(PreviewTiles.JSON.readTree(fromCurl).path("settings")).isEqualTo(s);
        pages.assertNoConsoleErrors();
    }

    @Test
    void aRefusedSettingShowsTheApisDetailNextToItsFieldAndCreatesNothing() {
        pages.open(base() + "/datasets/seg");
        new Select(driver.findElement(By.id("gen-dtype"))).selectByValue("float32");
        type("gen-mixup", "0.2");
        driver.findElement(By.id("gen-create")).click();

        // MixUp on a dataset with a mask output: the API's own words, inside the MixUp field's block
        String detail = refusal("seg", "{\"split\": \"train\", \"dtype\": \"float32\", \"mixup\": {\"alpha\": 0.2}}", "mixup");
        WebElement error = pages.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("gen-mixup-error")));
        assertThat(error.getText()).isEqualTo(detail).contains("use cutmix");
        assertThat(error.findElement(By.xpath("..")).getDomAttribute("data-field")).isEqualTo("mixup.alpha");
        assertThat(driver.findElement(By.id("gen-mixup")).getDomAttribute("aria-invalid")).isEqualTo("true");
        assertThat(driver.switchTo().activeElement().getDomAttribute("id")).as("focus on the refused field").isEqualTo("gen-mixup");
        assertThat(visibleErrors()).containsExactly("gen-mixup-error");
        assertThat(driver.findElement(By.cssSelector("#builder-form .form-error")).isDisplayed()).isFalse();
        assertThat(driver.getCurrentUrl()).isEqualTo(base() + "/datasets/seg");
        assertThat(generators("seg")).isZero();
        pages.shot("builder-error-1280");

        // CutMix instead, and a crop scale the wrong way round: the message moves to the crop's scale
        driver.findElement(By.id("gen-mixup")).clear();
        type("gen-cutmix", "1.0");
        new Select(driver.findElement(By.id("gen-cropMode"))).selectByValue("random-resized");
        type("gen-scaleMin", "0.9");
        type("gen-scaleMax", "0.2");
        driver.findElement(By.id("gen-create")).sendKeys(Keys.ENTER);
        String scale = refusal("seg", "{\"split\": \"train\", \"dtype\": \"float32\", \"cutmix\": {\"alpha\": 1.0}, "
                + "\"crop\": {\"mode\": \"random-resized\", \"scale\": [0.9, 0.2]}}", "crop.scale");
        WebElement scaleError = pages.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("gen-cropScale-error")));
        assertThat(scaleError.getText()).isEqualTo(scale);
        assertThat(scaleError.findElement(By.xpath("..")).getDomAttribute("data-field")).isEqualTo("crop.scale");
        assertThat(driver.findElement(By.id("gen-scaleMin")).getDomAttribute("aria-invalid")).isEqualTo("true");
        assertThat(driver.findElement(By.id("gen-mixup")).getDomAttribute("aria-invalid")).isNull();
        assertThat(visibleErrors()).containsExactly("gen-cropScale-error");

        // a batch size of 0, at phone width: next to the batch size
        pages.size(Pages.PHONE);
        new Select(driver.findElement(By.id("gen-cropMode"))).selectByValue("");
        type("gen-batchSize", "0");
        driver.findElement(By.id("gen-create")).sendKeys(Keys.ENTER);
        String batch = refusal("seg", "{\"split\": \"train\", \"batchSize\": 0}", "batchSize");
        WebElement batchError = pages.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("gen-batchSize-error")));
        assertThat(batchError.getText()).isEqualTo(batch);
        assertThat(visibleErrors()).containsExactly("gen-batchSize-error");
        pages.assertNoHorizontalOverflow("/datasets/seg");
        pages.shot("builder-error-390");
        assertThat(generators("seg")).isZero();
        // the browser logs each refused request; nothing else went wrong
        assertThat(pages.consoleErrors()).hasSize(3)
                .allMatch(e -> e.contains("/api/datasets/seg/generators") && e.contains("status of 400"));
    }

    /** Replaces a field's text, as a user selecting it all and typing would. */
    private void type(String id, String text) {
        WebElement input = driver.findElement(By.id(id));
        input.clear();
        input.sendKeys(text);
    }

    private String setting(String name) {
        return driver.findElement(By.cssSelector("#settings [data-setting='" + name + "'] dd")).getText();
    }

    private List<String> visibleErrors() {
        return driver.findElements(By.cssSelector("#builder-form .field-error")).stream()
                .filter(WebElement::isDisplayed).map(e -> e.getDomAttribute("id")).toList();
    }

    /** The detail of the API's refusal of {@code json}, which must name {@code field}. */
    private static String refusal(String dataset, String json, String field) {
        return served.refused(dataset, json, field).path("detail").asString();
    }

    private static int generators(String dataset) {
        return server.http().getJson("/api/datasets/" + dataset + "/generators").size();
    }

    /** What a shell prints for {@code script}, as a user pasting it into a terminal would see. */
    private static String shell(String script) {
        try {
            Process p = new ProcessBuilder("bash", "-c", script).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
            assertThat(p.exitValue()).as(script + "\n" + out).isZero();
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String base() {
        return server.http().base();
    }
}
