package dev.datagen.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
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

    @BeforeAll
    static void start() {
        Path mnist = Fixtures.mnist(300, 100);
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
