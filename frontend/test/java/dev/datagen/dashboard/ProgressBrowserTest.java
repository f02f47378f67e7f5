package dev.datagen.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

import dev.datagen.support.Fixtures;

/**
 * Training progress in a real Chromium, on real MNIST digits: a generator's page and the home page's trainers
 * panel show the epoch and batch a trainer just read on each shard, then, a minute later, where it stopped.
 */
class ProgressBrowserTest extends BrowserTest {

    static Path mnist;

    @BeforeAll
    static void start() {
        mnist = Fixtures.mnist(300, 100);
        startServer();
        served.register("digits", mnist, null, "train-data", "train-data.txt", "train-label", "train-label.txt");
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

    @Test
    void aGeneratorDeletedWhileItsPageIsOpenSaysSoAndDropsItsStaleProgress() {
        served.register("doomed", mnist, null, "train-data", "train-data.txt", "train-label", "train-label.txt");
        String byDataset = served.generator("doomed", """
                {"split": "train", "batchSize": 16, "seed": 2, "dtype": "uint8"}""").path("id").asString();
        String byItself = served.generator("digits", """
                {"split": "train", "batchSize": 16, "seed": 5, "dtype": "uint8"}""").path("id").asString();
        // the dataset deleted (its generators go with it), then a generator deleted on its own
        Map<String, Runnable> deletions = new LinkedHashMap<>();
        deletions.put(byDataset, () -> assertThat(server.http().delete("/api/datasets/doomed").statusCode()).isEqualTo(204));
        deletions.put(byItself, () -> assertThat(server.http().delete("/api/generators/" + byItself).statusCode()).isEqualTo(204));
        deletions.forEach((id, delete) -> {
            assertThat(server.http().get("/api/generators/" + id + "/epochs/0/batches/2", "application/x-npz")
                    .statusCode()).isEqualTo(200);
            pages.open(base() + "/generators/" + id);
            // the preview's tiles loaded before the deletion, so the only request that can fail is the progress'
            pages.waiting().until(ExpectedConditions.textMatches(By.id("preview-status"), Pattern.compile("^Showing ")));
            pages.waitForImages("#preview-grid img.tile");
            pages.waiting().until(ExpectedConditions.textMatches(By.id("progress-status"), Pattern.compile("^Reading now")));
            WebElement section = driver.findElement(By.id("progress"));
            assertThat(section.getDomAttribute("class")).contains("active");
            assertThat(driver.findElement(By.id("progress-table-wrap")).isDisplayed()).isTrue();
            pages.assertNoConsoleErrors();

            delete.run();
            pages.waiting().until(ExpectedConditions.textToBe(By.id("progress-status"),
                    "This generator (or its dataset) was deleted."));
            // no table and no green border of a trainer that can no longer read
            assertThat(section.getDomAttribute("class")).doesNotContain("active");
            assertThat(driver.findElement(By.id("progress-table-wrap")).isDisplayed()).isFalse();
            assertThat(driver.findElements(By.cssSelector("#progress-table tbody tr"))).isEmpty();
            pages.shot("generator-deleted-1280");
            // and the page stops asking: the one 404 it heard is the only failed request, three periods later
            sleep(6500);
            assertThat(pages.consoleErrors()).singleElement().asString()
                    .contains("/api/generators/" + id + "/progress").contains("404");
        });
    }

    @Test
    void everySamplesPerSecondFigureNamesTheWindowItIsComputedOver() {
        String id = served.generator("digits", """
                {"split": "train", "batchSize": 16, "seed": 7, "dtype": "uint8"}""").path("id").asString();
        assertThat(server.http().get("/api/generators/" + id + "/epochs/0/batches/0", "application/x-npz")
                .statusCode()).isEqualTo(200);
        // the home page's three rates of one generator: throughput and the generators table are Throughput's
        // last10s (GET /dashboard/api/throughput), the trainers table TrainingProgress' last minute (GET /api/trainers)
        pages.open(base() + "/");
        pages.waiting().until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#trainers-table tr[data-generator='" + id + "']")));
        assertThat(driver.findElement(By.xpath("//dd[@id='samples-per-second']/preceding-sibling::dt")).getText())
                .isEqualTo("samples/s, last 10 s");
        assertThat(driver.findElement(By.xpath("//dd[@id='batches-per-second']/preceding-sibling::dt")).getText())
                .isEqualTo("batches/s, last 10 s");
        assertThat(driver.findElement(By.xpath("//dd[@id='megabytes-per-second']/preceding-sibling::dt")).getText())
                .isEqualTo("MB/s, last 10 s");
        assertThat(pages.text("throughput-window")).contains("by all generators together")
                .contains("over the last 10 seconds").contains("over the last minute");
        assertThat(rateHeading("generators-table")).isEqualTo("samples/s, last 10 s");
        assertThat(rateHeading("trainers-table")).isEqualTo("samples/s, last minute");
        pages.fullPage("home-rate-windows-1280");
        // the generator's page: the progress table is the same minute; the dataset page's card the same 10 s
        pages.open(base() + "/generators/" + id);
        pages.waiting().until(ExpectedConditions.textMatches(By.id("progress-status"), Pattern.compile("^Reading now")));
        assertThat(rateHeading("progress-table")).isEqualTo("samples/s, last minute");
        pages.open(base() + "/datasets/digits");
        assertThat(driver.findElement(By.cssSelector("article.generator[data-generator='" + id + "'] p.live")).getText())
                .matches("[0-9.]+ samples/s over the last 10 s \\(\\d+ samples in the last 5 minutes\\)");
        pages.assertNoConsoleErrors();
    }

    /** The heading of a table's samples/s column. */
    private String rateHeading(String table) {
        List<WebElement> headings = driver.findElements(By.cssSelector("#" + table + " thead th"));
        return headings.stream().map(WebElement::getText).filter(t -> t.startsWith("samples/s")).findFirst().orElseThrow();
    }

    private void checkProgressRow(int shard, int epoch, int batch, int batches) {
        WebElement row = driver.findElement(By.cssSelector("#progress-table tr[data-shard='" + shard + "']"));
        assertThat(row.findElement(By.cssSelector("td[data-epoch]")).getText()).isEqualTo(String.valueOf(epoch));
        assertThat(row.findElement(By.cssSelector("td[data-batch]")).getText()).isEqualTo(String.valueOf(batch));
        WebElement bar = row.findElement(By.tagName("progress"));
        assertThat(bar.getDomAttribute("value")).isEqualTo(String.valueOf(batch + 1));
        assertThat(bar.getDomAttribute("max")).isEqualTo(String.valueOf(batches));
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
