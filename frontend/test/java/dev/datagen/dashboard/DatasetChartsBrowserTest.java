package dev.datagen.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.springframework.util.FileSystemUtils;

import dev.datagen.support.Fixtures;
import dev.datagen.support.Python;
import tools.jackson.databind.JsonNode;

/**
 * The dataset page's charts in a real Chromium: the mask statistics of real MNIST masks equal numpy's own
 * counts over the mask PNGs, and a label chart of 1,000 classes stays readable (the 20 largest plus
 * "other", every class in a table on demand).
 */
class DatasetChartsBrowserTest extends BrowserTest {

    /** Per class of the masks a list file names: its share of all pixels and of masks containing it. */
    static final String MASK_COUNTS = """
            import json, os, sys
            import numpy as np
            from PIL import Image
            base, listing = sys.argv[1], sys.argv[2]
            masks = [np.asarray(Image.open(os.path.join(base, line.strip())))
                     for line in open(os.path.join(base, listing)) if line.strip()]
            classes = max(int(m.max()) for m in masks) + 1
            pixels = sum(np.bincount(m.ravel(), minlength=classes).astype(np.int64) for m in masks)
            images = sum((np.bincount(m.ravel(), minlength=classes) > 0).astype(np.int64) for m in masks)
            total = sum(m.size for m in masks)
            print(json.dumps({"pixels": (pixels / total).tolist(), "images": (images / len(masks)).tolist()}))
            """;

    static final int CLASSES = 1000;
    static final String LONG_NAME = "class with a rather long descriptive name number 0";

    static Path mnist;
    static Path thousand;

    @BeforeAll
    static void start() throws IOException {
        mnist = Fixtures.mnist(300, 100);
        thousand = thousandClasses(mnist);
        startServer();
        served.register("masks", mnist, null, "train-data", "train-data.txt", "train-label.mask", "train-mask.txt",
                "test-data", "test-data.txt", "test-label.mask", "test-mask.txt");
        List<String> names = IntStream.range(0, CLASSES).mapToObj(k -> "\"class-%03d\"".formatted(k)).toList();
        served.register("thousand", thousand, "{\"outputs\": {\"label\": {\"classNames\": [" + String.join(", ", names) + "]}}}",
                "train-data", "train-data.txt", "train-label", "train-label.txt");
        // the same samples, class 0 (among the largest, so charted) with a name far wider than half a chart
        List<String> longNames = new ArrayList<>(names);
        longNames.set(0, "\"" + LONG_NAME + "\"");
        served.register("long-names", thousand, "{\"outputs\": {\"label\": {\"classNames\": [" + String.join(", ", longNames) + "]}}}",
                "train-data", "train-data.txt", "train-label", "train-label.txt");
    }

    @AfterAll
    static void deleteThousand() {
        if (thousand != null) {
            FileSystemUtils.deleteRecursively(thousand.toFile());
        }
    }

    @Test
    void theMaskChartsNumbersAreNumpysCountsOverTheMaskPngs() {
        pages.open(server.http().base() + "/datasets/masks");
        // no vector output: the label area says why it has no chart
        assertThat(driver.findElement(By.cssSelector("#distribution-title + p.hint")).getText())
                .startsWith("This dataset has no vector output, so there are no label counts");
        for (String split : List.of("train", "test")) {
            JsonNode numpy = PreviewTiles.JSON.readTree(Python.run(Python.DEBIAN_PYTHON, MASK_COUNTS, mnist.toString(),
                    split + "-mask.txt"));
            @SuppressWarnings("unchecked")
            Map<String, Object> chart = (Map<String, Object>) pages.waiting().until(d -> driver.executeScript(
                    "const c = window.Chart && Chart.getChart(arguments[0]);"
                            + "return c ? {labels: c.data.labels, pixels: c.data.datasets[0].data,"
                            + " images: c.data.datasets[1].data} : null;", "masks-mask-" + split));
            int classes = numpy.path("pixels").size();
            assertThat(classes).isEqualTo(11); // background and the ten digits
            assertThat((List<?>) chart.get("labels")).hasSize(classes).element(3).isEqualTo("3");
            for (int k = 0; k < classes; k++) {
                assertThat(number(chart.get("pixels"), k)).as("%s pixels of class %d", split, k)
                        .isEqualTo(numpy.path("pixels").get(k).asDouble());
                assertThat(number(chart.get("images"), k)).as("%s masks with class %d", split, k)
                        .isEqualTo(numpy.path("images").get(k).asDouble());
            }
            // the table under the chart: the same numbers, exact in each cell's title and as percentages in its text
            WebElement figure = driver.findElement(By.cssSelector("figure.mask-chart[data-split='" + split + "']"));
            figure.findElement(By.tagName("summary")).click();
            List<WebElement> rows = figure.findElements(By.cssSelector("tbody tr"));
            assertThat(rows).hasSize(classes);
            for (int k = 0; k < classes; k++) {
                List<WebElement> cells = rows.get(k).findElements(By.tagName("td"));
                double pixels = numpy.path("pixels").get(k).asDouble();
                assertThat(Double.parseDouble(cells.get(1).getDomAttribute("title"))).isEqualTo(pixels);
                assertThat(Double.parseDouble(cells.get(2).getDomAttribute("title"))).isEqualTo(numpy.path("images").get(k).asDouble());
                assertThat(Double.parseDouble(cells.get(1).getText().replace("%", ""))).isCloseTo(100 * pixels, within(0.0051));
            }
        }
        pages.fullPage("dataset-mask-statistics-1280");
        pages.assertNoConsoleErrors();
    }

    @Test
    void aLabelChartOfAThousandClassesShowsTheLargestAndOtherWithEveryClassInTheTable() throws IOException {
        long[] counts = new long[CLASSES];
        for (String line : Files.readAllLines(thousand.resolve("train-label.txt"))) {
            counts[List.of(line.split(" ")).indexOf("1")]++;
        }
        List<Integer> order = new ArrayList<>(IntStream.range(0, CLASSES).boxed().toList());
        order.sort(Comparator.<Integer>comparingLong(k -> -counts[k]).thenComparing(k -> k));
        long other = order.subList(20, CLASSES).stream().mapToLong(k -> counts[k]).sum();

        pages.open(server.http().base() + "/datasets/thousand");
        @SuppressWarnings("unchecked")
        Map<String, Object> chart = (Map<String, Object>) pages.waiting().until(d -> driver.executeScript(
                "const c = window.Chart && Chart.getChart(arguments[0]);"
                        + "return c ? {labels: c.data.labels, data: c.data.datasets[0].data, axis: c.options.indexAxis,"
                        + " ticks: c.scales.y.ticks.length, height: c.height} : null;", "distribution-label-train"));
        List<String> labels = new ArrayList<>();
        List<Long> values = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            labels.add(order.get(i) + " (class-%03d)".formatted(order.get(i)));
            values.add(counts[order.get(i)]);
        }
        labels.add("other (980 classes)");
        values.add(other);
        assertThat((List<?>) chart.get("labels")).isEqualTo(labels);
        assertThat(((List<?>) chart.get("data")).stream().map(v -> ((Number) v).longValue()).toList()).isEqualTo(values);
        // readable: horizontal bars, every one of the 21 labelled, at least 20 pixels a bar
        assertThat(chart.get("axis")).isEqualTo("y");
        assertThat(((Number) chart.get("ticks")).intValue()).isEqualTo(21);
        assertThat(((Number) chart.get("height")).intValue()).isGreaterThanOrEqualTo(21 * 20);
        assertThat(driver.findElement(By.cssSelector("#charts .chart-note")).getText())
                .isEqualTo("The 20 classes with the most samples, and the other 980 together as \u201cother\u201d;"
                        + " the table lists all 1,000.");

        // the full table on demand, with a filter
        WebElement table = driver.findElement(By.id("distribution-label-train-table"));
        assertThat(table.isDisplayed()).isFalse();
        driver.findElement(By.cssSelector("#charts figure summary")).click();
        List<WebElement> rows = table.findElements(By.cssSelector("tbody tr"));
        assertThat(rows).hasSize(CLASSES);
        assertThat(rows.get(999).findElements(By.tagName("td")).get(1).getText()).isEqualTo(String.valueOf(counts[999]));
        driver.findElement(By.id("distribution-label-train-filter")).sendKeys("class-042");
        assertThat(rows.stream().filter(WebElement::isDisplayed).map(r -> r.findElement(By.tagName("td")).getText()).toList())
                .containsExactly("42 (class-042)");
        pages.fullPage("dataset-1000-classes-1280");
        pages.size(Pages.PHONE);
        pages.assertNoHorizontalOverflow("/datasets/thousand");
        pages.shot("dataset-1000-classes-390");
        pages.assertNoConsoleErrors();
    }

    @Test
    void aLongClassNameIsCutAtItsEndWithAnEllipsisAndShownWholeAsATooltip() {
        String full = "0 (" + LONG_NAME + ")";
        pages.open(server.http().base() + "/datasets/long-names");
        for (Dimension size : List.of(Pages.WIDE, Pages.PHONE)) {
            pages.size(size);
            // the labels as drawn once the chart has its size: the first is class 0, cut at its end to fit
            @SuppressWarnings("unchecked")
            Map<String, Object> axis = (Map<String, Object>) pages.waiting().until(d -> driver.executeScript("""
                    const c = window.Chart && Chart.getChart('distribution-label-train');
                    if (!c || c.width !== c.canvas.clientWidth) return null;
                    const y = c.scales.y;
                    const g = c.ctx;
                    g.save();
                    g.font = Chart.helpers.toFont(y.options.ticks.font).string;
                    const widths = y.ticks.map(t => g.measureText(t.label).width);
                    g.restore();
                    return {label: c.data.labels[0], tick: y.ticks[0].label, ticks: y.ticks.length, left: y.left,
                        axisWidth: y.width, widest: Math.max(...widths), x: (y.left + y.right) / 2,
                        y: y.getPixelForValue(0), width: c.canvas.clientWidth, height: c.canvas.clientHeight};
                    """));
            String at = " at " + size.getWidth() + " px";
            assertThat(axis.get("label")).as("the chart's data" + at).isEqualTo(full);
            assertThat(((Number) axis.get("ticks")).intValue()).isEqualTo(21);
            String tick = (String) axis.get("tick");
            assertThat(tick).as("the drawn label" + at).endsWith("\u2026").startsWith("0 (class with");
            assertThat(full).startsWith(tick.substring(0, tick.length() - 1));
            // every label fits beside the bars, inside the canvas (a cut-off one was wider than its axis)
            assertThat(((Number) axis.get("left")).doubleValue()).isGreaterThanOrEqualTo(0);
            assertThat(((Number) axis.get("widest")).doubleValue()).as("widest label" + at)
                    .isLessThanOrEqualTo(((Number) axis.get("axisWidth")).doubleValue());

            // the pointer on the cut label: the canvas' title, the browser's tooltip, is the full name
            WebElement canvas = driver.findElement(By.id("distribution-label-train"));
            driver.executeScript("arguments[0].scrollIntoView({block: 'center'});", canvas);
            new Actions(driver).moveToElement(canvas,
                    (int) (((Number) axis.get("x")).doubleValue() - ((Number) axis.get("width")).doubleValue() / 2),
                    (int) (((Number) axis.get("y")).doubleValue() - ((Number) axis.get("height")).doubleValue() / 2))
                    .perform();
            pages.waiting().until(d -> full.equals(canvas.getDomAttribute("title")));
            pages.shot("dataset-long-class-name-" + size.getWidth());
            // and away from the labels, no stale title
            new Actions(driver).moveToElement(canvas,
                    ((Number) axis.get("width")).intValue() / 2 - 5, 0).perform();
            pages.waiting().until(d -> canvas.getDomAttribute("title") == null);
        }
        pages.assertNoHorizontalOverflow("/datasets/long-names");
        pages.assertNoConsoleErrors();
    }

    private static double number(Object list, int k) {
        return ((Number) ((List<?>) list).get(k)).doubleValue();
    }

    /**
     * The first 300 MNIST training digits relabelled with 1,000 classes: samples 0..119 in classes 0..5 (20
     * each), the rest spread over the others (1 or 2 each), so the chart has a clear top and a long tail.
     */
    private static Path thousandClasses(Path mnist) throws IOException {
        Path dir = Files.createTempDirectory(Fixtures.root(), "thousand-classes");
        Files.createDirectories(dir.resolve("train"));
        List<String> images = Files.readAllLines(mnist.resolve("train-data.txt"));
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            Files.copy(mnist.resolve(images.get(i)), dir.resolve(images.get(i)));
            int k = i < 120 ? i % 6 : 6 + (i - 120) * 7 % 994;
            String[] row = new String[CLASSES];
            java.util.Arrays.fill(row, "0");
            row[k] = "1";
            labels.add(String.join(" ", row));
        }
        Files.write(dir.resolve("train-data.txt"), images);
        Files.write(dir.resolve("train-label.txt"), labels);
        return dir;
    }
}
