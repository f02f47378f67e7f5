package dev.datagen.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import dev.datagen.support.Fixtures;
import dev.datagen.support.Http;
import dev.datagen.support.TestServer;
import tools.jackson.databind.JsonNode;

/**
 * The dashboard in a real Chromium against the real service: registering real MNIST digits through the
 * form, the dataset page's images, labels and distribution charts, a refused list file's message next to its
 * field, phone width, and the first-run demo. Screenshots go to {@code target/screenshots/}.
 */
class DashboardBrowserTest {

    static final String[] NAMES = {"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"};
    static final Path SHOTS = Path.of("target", "screenshots");
    static final Duration WAIT = Duration.ofSeconds(120);

    @TempDir
    static Path shared;
    static Path mnist;
    static TestServer server;

    @TempDir
    Path tmp;
    ChromeDriver driver;
    WebDriverWait wait;

    @BeforeAll
    static void start() throws IOException {
        mnist = Fixtures.mnist(300, 100);
        Files.createDirectories(SHOTS);
        server = TestServer.start(shared.resolve("storage"), List.of(Fixtures.root()));
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
        wait = new WebDriverWait(driver, WAIT);
    }

    @AfterEach
    void quit() {
        if (driver != null) {
            driver.quit(); // also stops the chromedriver process
        }
    }

    @Test
    void registersMnistThroughTheFormAndShowsItsSamplesLabelsAndDistribution() throws IOException {
        String base = server.http().base();
        driver.get(base + "/register");
        driver.findElement(By.id("list-name")).sendKeys("mnist-form");
        driver.findElement(By.id("list-baseDir")).sendKeys(mnist.toString());
        driver.findElement(By.id("list-train-data")).sendKeys(mnist.resolve("train-data.txt").toString());
        driver.findElement(By.id("list-train-label")).sendKeys(mnist.resolve("train-label.txt").toString());
        driver.findElement(By.id("list-test-data")).sendKeys(mnist.resolve("test-data.txt").toString());
        driver.findElement(By.id("list-test-label")).sendKeys(mnist.resolve("test-label.txt").toString());
        driver.findElement(By.id("list-spec")).sendKeys("{\"outputs\": {\"label\": {\"classNames\": [\""
                + String.join("\", \"", NAMES) + "\"]}}}");
        shot("register-filled-1280");
        driver.findElement(By.cssSelector("#list-form button[type=submit]")).click();

        wait.until(ExpectedConditions.urlToBe(base + "/datasets/mnist-form"));
        List<String> labels = Files.readAllLines(mnist.resolve("train-label.txt"));
        checkSamplePage(0, labels);
        assertThat(driver.findElement(By.id("page-range")).getText()).isEqualTo("train samples 0 to 23 of 300");

        // the charts: ten classes each, with the counts of the list files
        for (String split : List.of("train", "test")) {
            @SuppressWarnings("unchecked")
            Map<String, Object> chart = (Map<String, Object>) wait.until(d -> driver.executeScript(
                    "const c = window.Chart && Chart.getChart(arguments[0]);"
                            + "return c ? {labels: c.data.labels, data: c.data.datasets[0].data,"
                            + " width: c.width, height: c.height} : null;", "distribution-label-" + split));
            assertThat((List<?>) chart.get("labels")).hasSize(10).element(3).isEqualTo("3 (three)");
            assertThat(longs((List<?>) chart.get("data"))).as(split)
                    .containsExactly(classCounts(mnist.resolve(split + "-label.txt")));
            assertThat(((Number) chart.get("width")).intValue()).isPositive();
            assertThat(((Number) chart.get("height")).intValue()).isPositive();
        }
        shot("dataset-1280");
        fullPage("dataset-1280-full");

        // paging: the second page holds samples 24..47 with their own labels
        driver.findElement(By.id("next-page")).click();
        wait.until(ExpectedConditions.textToBe(By.id("page-range"), "train samples 24 to 47 of 300"));
        checkSamplePage(24, labels);

        // the test split's tab
        driver.findElement(By.linkText("test (100)")).click();
        wait.until(ExpectedConditions.textToBe(By.id("page-range"), "test samples 0 to 23 of 100"));
        checkSamplePage(0, Files.readAllLines(mnist.resolve("test-label.txt")));

        // phone width: nothing wider than the screen on any page
        driver.manage().window().setSize(new Dimension(390, 844));
        for (String page : List.of("/", "/datasets/mnist-form", "/register")) {
            driver.get(base + page);
            wait.until(d -> "complete".equals(driver.executeScript("return document.readyState")));
            assertNoHorizontalOverflow(page);
        }
        driver.get(base + "/datasets/mnist-form");
        waitForImages();
        shot("dataset-390");
        fullPage("dataset-390-full");
        driver.get(base + "/");
        shot("home-390");
        driver.get(base + "/register");
        shot("register-390");
        assertNoConsoleErrors();
    }

    @Test
    void aRefusedListFileShowsTheServersMessageNextToItsField() throws IOException {
        String base = server.http().base();
        Path shortLabels = tmp.resolve("short-label.txt");
        Files.write(shortLabels, Files.readAllLines(mnist.resolve("train-label.txt")).subList(0, 100));
        driver.get(base + "/register");
        driver.findElement(By.id("list-name")).sendKeys("broken");
        driver.findElement(By.id("list-baseDir")).sendKeys(mnist.toString());
        driver.findElement(By.id("list-train-data")).sendKeys(mnist.resolve("train-data.txt").toString());
        driver.findElement(By.id("list-train-label")).sendKeys(shortLabels.toString());
        driver.findElement(By.cssSelector("#list-form button[type=submit]")).click();

        WebElement error = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("list-train-label-error")));
        assertThat(error.getText()).isEqualTo("train-label, line 101: the file has 100 lines but train-data has 300;"
                + " every file of a split needs one line per sample");
        // next to the field it is about: inside that field's block, and the input is marked invalid
        assertThat(error.findElement(By.xpath("..")).getDomAttribute("data-part")).isEqualTo("train-label");
        assertThat(driver.findElement(By.id("list-train-label")).getDomAttribute("aria-invalid")).isEqualTo("true");
        assertThat(driver.findElement(By.id("list-train-data-error")).isDisplayed()).isFalse();
        assertThat(driver.findElement(By.cssSelector("#list-form .form-error")).isDisplayed()).isFalse();
        assertThat(driver.getCurrentUrl()).isEqualTo(base + "/register");
        assertThat(server.http().get("/api/datasets/broken", "application/json").statusCode()).isEqualTo(404);
        shot("register-error-1280");

        // a refused name lands next to the name, and the earlier message is gone
        WebElement name = driver.findElement(By.id("list-name"));
        name.clear();
        name.sendKeys("Not A Name!");
        driver.findElement(By.id("list-train-label")).sendKeys(mnist.resolve("train-label.txt").toString());
        driver.findElement(By.cssSelector("#list-form button[type=submit]")).click();
        WebElement nameError = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("list-name-error")));
        assertThat(nameError.getText()).contains("'Not A Name!'").contains("does not match");
        assertThat(driver.findElement(By.id("list-train-label-error")).isDisplayed()).isFalse();

        // class folders: a folder outside the data roots is refused next to the train folder
        driver.findElement(By.id("dir-name")).sendKeys("folders");
        driver.findElement(By.id("dir-train")).sendKeys("/etc");
        driver.findElement(By.cssSelector("#directory-form button[type=submit]")).click();
        WebElement dirError = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("dir-train-error")));
        assertThat(dirError.getText()).contains("splits.train").contains("outside the data roots");
        shot("register-directory-error-1280");
    }

    @Test
    void aRefusedSizeOfClassFoldersShowsNextToHeightAndWidthAndASpecNextToTheSpec() throws IOException {
        String base = server.http().base();
        String train = Fixtures.root().relativize(Fixtures.classFolders(mnist).resolve("train")).toString();
        // what the API says of the same request: a problem about "size" (it said "spec" before)
        JsonNode problem = Http.json(server.http().postJson("/api/datasets/from-directory",
                Map.of("name", "sized", "splits", Map.of("train", train), "size", List.of(0, 32))));
        assertThat(problem.path("part").asString()).as(problem.toString()).isEqualTo("size");

        for (Dimension size : List.of(new Dimension(1280, 800), new Dimension(390, 844))) {
            driver.manage().window().setSize(size);
            driver.get(base + "/register");
            driver.findElement(By.id("dir-name")).sendKeys("sized");
            driver.findElement(By.id("dir-train")).sendKeys(train);
            driver.findElement(By.id("dir-height")).sendKeys("0");
            driver.findElement(By.id("dir-width")).sendKeys("32");
            driver.findElement(By.cssSelector("#directory-form button[type=submit]")).click();

            WebElement error = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("dir-size-error")));
            assertThat(error.getText()).isEqualTo(problem.path("detail").asString());
            // inside the Size block, under Height and Width, both marked invalid and described by it; Height has the focus
            assertThat(error.findElement(By.xpath("..")).getDomAttribute("data-part")).isEqualTo("size");
            for (String id : List.of("dir-height", "dir-width")) {
                WebElement input = driver.findElement(By.id(id));
                assertThat(input.getDomAttribute("aria-invalid")).as(id).isEqualTo("true");
                assertThat(input.getDomAttribute("aria-describedby")).as(id).isEqualTo("dir-size-error");
            }
            assertThat(driver.switchTo().activeElement().getDomAttribute("id")).isEqualTo("dir-height");
            // not as a banner over the form
            assertThat(driver.findElement(By.cssSelector("#directory-form .form-error")).isDisplayed()).isFalse();
            assertThat(driver.getCurrentUrl()).isEqualTo(base + "/register");
            if (size.getWidth() == 390) {
                assertNoHorizontalOverflow("/register");
            }
            shot("register-directory-size-error-" + size.getWidth());
        }
        assertThat(server.http().get("/api/datasets/sized", "application/json").statusCode()).isEqualTo(404);

        // list files: a refused spec, a problem about "spec", still lands next to the Spec field
        String badSpec = "{\"outputs\": {\"label\": {\"classes\": 0}}}";
        Map<String, Object> parts = new LinkedHashMap<>();
        parts.put("name", "bad-spec");
        parts.put("baseDir", mnist.toString());
        parts.put("spec", badSpec); // in the order the form sends them
        parts.put("train-data", mnist.resolve("train-data.txt"));
        parts.put("train-label", mnist.resolve("train-label.txt"));
        JsonNode specProblem = Http.json(server.http().multipart("/api/datasets", parts));
        assertThat(specProblem.path("part").asString()).as(specProblem.toString()).isEqualTo("spec");
        driver.manage().window().setSize(new Dimension(1280, 800));
        driver.get(base + "/register");
        driver.findElement(By.id("list-name")).sendKeys("bad-spec");
        driver.findElement(By.id("list-baseDir")).sendKeys(mnist.toString());
        driver.findElement(By.id("list-train-data")).sendKeys(mnist.resolve("train-data.txt").toString());
        driver.findElement(By.id("list-train-label")).sendKeys(mnist.resolve("train-label.txt").toString());
        driver.findElement(By.id("list-spec")).sendKeys(badSpec);
        driver.findElement(By.cssSelector("#list-form button[type=submit]")).click();
        WebElement specError = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("list-spec-error")));
        assertThat(specError.getText()).isEqualTo(specProblem.path("detail").asString());
        assertThat(driver.findElement(By.id("list-spec")).getDomAttribute("aria-invalid")).isEqualTo("true");
        assertThat(driver.switchTo().activeElement().getDomAttribute("id")).isEqualTo("list-spec");
        assertThat(driver.findElement(By.cssSelector("#list-form .form-error")).isDisplayed()).isFalse();
    }

    @Test
    void theDemoButtonFillsAnEmptyRegistryWithWorkingDatasetsAndLiveBatches() throws IOException {
        Path root = Files.createDirectories(tmp.resolve("data"));
        try (TestServer empty = TestServer.start(tmp.resolve("storage"), List.of(root))) {
            String base = empty.http().base();
            driver.get(base + "/");
            shot("home-empty-1280");
            driver.findElement(By.id("demo-button")).click();
            wait.until(ExpectedConditions.urlToBe(base + "/?demo=installed"));
            List<String> names = new ArrayList<>();
            driver.findElements(By.cssSelector("#datasets > li")).forEach(li -> names.add(li.getDomAttribute("data-dataset")));
            assertThat(names).containsExactly("demo-digits", "demo-masks", "demo-multitask", "demo-pairs");
            assertThat(driver.findElements(By.id("demo-button"))).isEmpty();
            assertThat(Files.isRegularFile(root.resolve("datagen-demo/train/00799.png"))).isTrue();

            // the demo's generator serves an epoch from the browser, and the home page's throughput sees it
            driver.findElement(By.linkText("demo-digits")).click();
            waitForImages();
            List<String> labels = Files.readAllLines(root.resolve("datagen-demo/train-label.txt"));
            checkSamplePage(0, labels);
            WebElement read = driver.findElement(By.cssSelector("button.read-epoch"));
            String batches = read.getDomAttribute("data-batches");
            assertThat(batches).isEqualTo("25"); // 800 samples in batches of 32
            read.click();
            wait.until(ExpectedConditions.textMatches(By.cssSelector(".read-status"),
                    java.util.regex.Pattern.compile("^epoch 0: 25 of 25 batches, .* MB$")));
            wait.until(ExpectedConditions.textToBe(By.cssSelector("[data-generator-total]"), "800"));
            driver.get(base + "/");
            wait.until(ExpectedConditions.textToBe(By.id("samples-last-5-minutes"), "800"));
            shot("home-demo-1280");
            fullPage("home-demo-1280-full");

            // masks are drawn over their digit
            driver.get(base + "/datasets/demo-masks");
            waitForImages();
            Boolean overlays = (Boolean) driver.executeScript("const o = document.querySelectorAll('img.mask-overlay');"
                    + "return o.length === 24 && Array.from(o).every(i => i.naturalWidth === 28);");
            assertThat(overlays).isTrue();
            shot("dataset-masks-1280");
            driver.manage().window().setSize(new Dimension(390, 844));
            driver.get(base + "/datasets/demo-pairs");
            waitForImages();
            assertNoHorizontalOverflow("/datasets/demo-pairs");
            shot("dataset-pairs-390");
            assertNoConsoleErrors();
        }
    }

    /** Every sample image of the page loaded (28x28 digits), and each card's label is its list-file line's. */
    private void checkSamplePage(int first, List<String> labelLines) {
        waitForImages();
        List<WebElement> cards = driver.findElements(By.cssSelector("#samples > li.sample"));
        assertThat(cards).hasSize(Math.min(24, labelLines.size() - first));
        for (int i = 0; i < cards.size(); i++) {
            WebElement card = cards.get(i);
            int index = first + i;
            assertThat(card.getDomAttribute("data-index")).isEqualTo(String.valueOf(index));
            WebElement img = card.findElement(By.cssSelector("img.sample-image"));
            Number width = (Number) driver.executeScript("return arguments[0].naturalWidth;", img);
            assertThat(width.intValue()).as("sample %d loaded", index).isEqualTo(28);
            int k = argmax(labelLines.get(index));
            assertThat(card.findElement(By.cssSelector("dd.label")).getText()).as("label of sample %d", index)
                    .isEqualTo(k + " (" + NAMES[k] + ")");
            // the alt text names the sample and its label
            assertThat(img.getDomAttribute("alt")).contains(" sample " + index + ", ")
                    .endsWith(", label " + k + " (" + NAMES[k] + ")");
        }
    }

    private void waitForImages() {
        wait.until(d -> (Boolean) driver.executeScript("const imgs = document.querySelectorAll('img');"
                + "return imgs.length > 0 && Array.from(imgs).every(i => i.complete);"));
    }

    private void assertNoHorizontalOverflow(String page) {
        Number scroll = (Number) driver.executeScript(
                "return Math.max(document.documentElement.scrollWidth, document.body.scrollWidth);");
        Number viewport = (Number) driver.executeScript("return document.documentElement.clientWidth;");
        assertThat(viewport.intValue()).as("viewport of " + page).isBetween(360, 390);
        assertThat(scroll.intValue()).as("content width of " + page).isLessThanOrEqualTo(viewport.intValue());
    }

    /** No script errors, CSP violations or failed loads on the pages this test opened. */
    private void assertNoConsoleErrors() {
        List<String> severe = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(LogEntry::getMessage)
                .toList();
        assertThat(severe).isEmpty();
    }

    private void shot(String name) {
        try {
            Files.write(SHOTS.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The whole page: the window grows to the document's height for the shot, then goes back. */
    private void fullPage(String name) {
        Dimension before = driver.manage().window().getSize();
        Number height = (Number) driver.executeScript("return document.documentElement.scrollHeight;");
        driver.manage().window().setSize(new Dimension(before.getWidth(), Math.min(6000, height.intValue() + 150)));
        shot(name);
        driver.manage().window().setSize(before);
    }

    private static int argmax(String line) {
        String[] v = line.trim().split("\\s+");
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (Double.parseDouble(v[i]) > Double.parseDouble(v[best])) {
                best = i;
            }
        }
        return best;
    }

    private static Long[] classCounts(Path labelFile) throws IOException {
        Long[] c = new Long[10];
        java.util.Arrays.fill(c, 0L);
        for (String line : Files.readAllLines(labelFile)) {
            c[argmax(line)]++;
        }
        return c;
    }

    private static List<Long> longs(List<?> values) {
        return values.stream().map(v -> ((Number) v).longValue()).toList();
    }
}
