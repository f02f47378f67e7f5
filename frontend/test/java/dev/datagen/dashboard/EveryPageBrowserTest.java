package dev.datagen.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.support.ui.ExpectedConditions;

import dev.datagen.support.Fixtures;
import dev.datagen.support.TestServer;

/**
 * Every dashboard page in a real Chromium, on real MNIST digits with masks, at 1280x800 and at phone width
 * (390x844): photographed into {@code target/screenshots/page-*}, every control named by a label and reachable
 * by Tab, every image with an alt text (sample tiles naming sample and label), nothing wider than the screen;
 * and every empty area saying why it is empty before anything is served. The first test must run before
 * anything is served, so the tests run in order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EveryPageBrowserTest extends BrowserTest {

    static final String[] DIGITS = {"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"};

    /** Problems a keyboard or screen-reader user would meet: unnamed or unfocusable controls, images without alt. */
    static final String ACCESS_PROBLEMS = """
            const problems = [];
            const text = id => (document.getElementById(id) || {textContent: ''}).textContent;
            const nameOf = el => (el.getAttribute('aria-label')
                || (el.getAttribute('aria-labelledby') || '').split(/\\s+/).filter(x => x).map(text).join(' ')
                || (el.labels ? Array.from(el.labels).map(l => l.textContent).join(' ') : '')
                || (['BUTTON', 'A', 'SUMMARY'].includes(el.tagName) ? el.textContent : '')
                || el.getAttribute('title') || '').trim();
            document.querySelectorAll('input:not([type=hidden]), select, textarea, button, a[href], summary').forEach(el => {
                if (!nameOf(el)) problems.push('no name: ' + el.outerHTML.slice(0, 120));
                if (!el.disabled && el.tabIndex < 0) problems.push('not focusable: ' + el.outerHTML.slice(0, 120));
            });
            document.querySelectorAll('img').forEach(img => {
                if (!(img.getAttribute('alt') || '').trim()) problems.push('no alt: ' + img.outerHTML.slice(0, 120));
            });
            return problems;
            """;

    static String generator;

    int width;

    @BeforeAll
    static void start() {
        Path mnist = Fixtures.mnist(300, 100);
        startServer();
        String names = "{\"outputs\": {\"digit\": {\"classNames\": [\"" + String.join("\", \"", DIGITS) + "\"]}}}";
        served.register("digits", mnist, names, "train-data", "train-data.txt", "train-label.mask", "train-mask.txt",
                "train-label.digit", "train-label.txt", "test-data", "test-data.txt", "test-label.mask", "test-mask.txt",
                "test-label.digit", "test-label.txt");
        served.register("bare", mnist, null, "train-data", "train-data.txt", "train-label", "train-label.txt");
        generator = served.generator("digits", """
                {"split": "train", "batchSize": 16, "seed": 3, "dtype": "uint8", "augment": {"horizontalFlip": true}}""")
                .path("id").asString();
    }

    @Test
    @Order(1)
    void everyEmptyAreaSaysWhyItIsEmptyBeforeAnythingIsServed() throws Exception {
        // an empty registry: the first-run card, and the throughput chart's note
        try (TestServer empty = TestServer.start(tmp.resolve("empty"), List.of(Files.createDirectories(tmp.resolve("data"))))) {
            for (Dimension size : List.of(Pages.WIDE, Pages.PHONE)) {
                pages.size(size);
                pages.open(empty.http().base() + "/");
                assertThat(pages.text("first-run-title")).isEqualTo("No datasets yet");
                assertThat(pages.text("throughput-empty")).startsWith("Nothing was served in the last five minutes, so the chart is flat.");
                pages.shot("page-home-empty-" + size.getWidth());
            }
        }
        pages.size(Pages.WIDE);
        pages.open(base() + "/");
        assertThat(driver.findElement(By.id("throughput-empty")).isDisplayed()).isTrue();
        pages.waiting().until(ExpectedConditions.textToBe(By.id("trainers-status"), "No trainer has read a batch in the last hour."
                + " Trainers appear here while they read, with their epoch, batch and rate."));
        assertThat(driver.findElement(By.id("trainers-table-wrap")).isDisplayed()).isFalse();

        // the note sends the reader where "Read an epoch" is: under each generator on its dataset's page
        assertThat(pages.text("throughput-empty")).endsWith("to see it move, open a dataset\u2019s page and press"
                + " \u201cRead an epoch\u201d under one of its generators.");
        pages.open(base() + "/datasets/digits");
        assertThat(driver.findElement(By.cssSelector("article.generator[data-generator='" + generator + "'] button.read-epoch"))
                .getText()).isEqualTo("Read an epoch");

        pages.open(base() + "/datasets/bare");
        assertThat(pages.text("no-generators")).startsWith("No generator yet: build one with the form below");

        pages.open(base() + "/generators/" + generator);
        pages.waiting().until(ExpectedConditions.textToBe(By.id("progress-status"), "No batch of this generator has been served"
                + " since the service started. Read one from a trainer (or \u201cRead an epoch\u201d on its dataset\u2019s page)"
                + " and its progress shows here."));
        assertThat(driver.findElement(By.id("progress-table-wrap")).isDisplayed()).isFalse();
        pages.assertNoConsoleErrors();
    }

    @Test
    @Order(2)
    void everyPageAtDesktopAndPhoneWidthIsLabelledReachableByKeyboardAndPhotographed() {
        // a trainer reads a batch, so the trainers panel has a row
        assertThat(server.http().get("/api/generators/" + generator + "/epochs/0/batches/2", "application/x-npz")
                .statusCode()).isEqualTo(200);
        // the check finds what it is meant to: a field without a label, an image without alt text
        pages.open(base() + "/register");
        driver.executeScript("document.body.insertAdjacentHTML('beforeend', '<input id=\"probe\"><img alt=\"\">');");
        @SuppressWarnings("unchecked")
        List<String> found = (List<String>) driver.executeScript(ACCESS_PROBLEMS);
        assertThat(found).hasSize(2).anyMatch(p -> p.startsWith("no name: <input id=\"probe\""))
                .anyMatch(p -> p.startsWith("no alt: "));

        for (Dimension size : List.of(Pages.WIDE, Pages.PHONE)) {
            pages.size(size);
            width = size.getWidth();
            page("home", "/", p -> pages.waiting().until(ExpectedConditions.visibilityOfElementLocated(
                    By.cssSelector("#trainers-table tr[data-generator='" + generator + "']"))));
            page("register", "/register", p -> { });
            page("dataset", "/datasets/digits", p -> datasetReady());
            page("builder", "/datasets/digits", p -> {
                datasetReady();
                scrollTo("builder");
            });
            page("generator", "/generators/" + generator, p -> {
                pages.waiting().until(ExpectedConditions.textMatches(By.id("preview-status"), Pattern.compile("^Showing ")));
                pages.waitForImages("#preview-grid img.tile");
                pages.waiting().until(ExpectedConditions.textMatches(By.id("progress-status"), Pattern.compile("^Reading now")));
            });
            page("trainers", "/", p -> {
                pages.waiting().until(ExpectedConditions.visibilityOfElementLocated(
                        By.cssSelector("#trainers-table tr[data-generator='" + generator + "']")));
                scrollTo("trainers");
            });
        }
        // every sample picture and preview tile names its sample and label
        pages.size(Pages.WIDE);
        pages.open(base() + "/datasets/digits");
        datasetReady();
        assertThat(driver.findElements(By.cssSelector("#samples img.sample-image"))).hasSize(24)
                .allSatisfy(img -> assertThat(img.getDomAttribute("alt"))
                        .matches("train sample \\d+, image, label \\d \\([a-z]+\\)"));
        // the builder by keyboard: Tab from the top of the page reaches "Create generator"
        assertThat(pages.tabTo("gen-create", 400).getText()).isEqualTo("Create generator");
        pages.open(base() + "/generators/" + generator);
        pages.waitForImages("#preview-grid img.tile");
        assertThat(driver.findElements(By.cssSelector("#preview-grid img.tile"))).hasSize(16)
                .allSatisfy(img -> assertThat(img.getDomAttribute("alt"))
                        .matches("train sample \\d+, image, label \\d \\([a-z]+\\)"));
    }

    /** Opens a page, waits until {@code ready}, checks what every page must be, and photographs it. */
    private void page(String name, String path, Consumer<String> ready) {
        pages.open(base() + path);
        ready.accept(path);
        @SuppressWarnings("unchecked")
        List<String> problems = (List<String>) driver.executeScript(ACCESS_PROBLEMS);
        assertThat(problems).as(name).isEmpty();
        pages.assertNoHorizontalOverflow(name);
        pages.assertNoConsoleErrors();
        pages.shot("page-" + name + "-" + width);
        if (!name.equals("builder") && !name.equals("trainers")) { // parts of the dataset and home pages
            pages.fullPage("page-" + name + "-" + width + "-full");
        }
    }

    private void datasetReady() {
        pages.waitForImages("#samples img");
        pages.waiting().until(d -> driver.executeScript("return !!(window.Chart && Chart.getChart('distribution-digit-train')"
                + " && Chart.getChart('masks-mask-train'));"));
    }

    private void scrollTo(String id) {
        driver.executeScript("document.getElementById(arguments[0]).scrollIntoView({block: 'start'});", id);
    }

    private static String base() {
        return server.http().base();
    }
}
