package dev.datagen.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.logging.Level;

import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

/** What the browser tests do on every page: wait for it, read what it drew, measure it, photograph it. */
final class Pages {

    static final Path SHOTS = Path.of("target", "screenshots");
    static final Dimension WIDE = new Dimension(1280, 800);
    static final Dimension PHONE = new Dimension(390, 844);

    private final ChromeDriver driver;
    private final WebDriverWait wait;

    Pages(ChromeDriver driver) {
        this.driver = driver;
        this.wait = new WebDriverWait(driver, Duration.ofSeconds(120));
        try {
            Files.createDirectories(SHOTS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    WebDriverWait waiting() {
        return wait;
    }

    void open(String url) {
        driver.get(url);
        wait.until(d -> "complete".equals(driver.executeScript("return document.readyState")));
    }

    /** Every image matching {@code css} finished loading (lazy ones out of view are not asked for). */
    void waitForImages(String css) {
        wait.until(d -> (Boolean) driver.executeScript("const imgs = document.querySelectorAll(arguments[0]);"
                + "return imgs.length > 0 && Array.from(imgs).every(i => i.complete && i.naturalWidth > 0);", css));
    }

    /**
     * The pixels the browser decoded for an image, as RGBA bytes (row-major): drawn onto a canvas and read
     * back, so this is what the page shows, not what the server meant to send.
     */
    byte[] pixels(WebElement img) {
        String base64 = (String) driver.executeScript("""
                const img = arguments[0];
                const c = document.createElement('canvas');
                c.width = img.naturalWidth;
                c.height = img.naturalHeight;
                const g = c.getContext('2d', {willReadFrequently: true});
                g.drawImage(img, 0, 0);
                const d = g.getImageData(0, 0, c.width, c.height).data;
                let s = '';
                for (let i = 0; i < d.length; i += 8192) {
                    s += String.fromCharCode.apply(null, d.subarray(i, i + 8192));
                }
                return btoa(s);
                """, img);
        return Base64.getDecoder().decode(base64);
    }

    /** The same for an image URL the page does not show (loaded into a detached image first). */
    byte[] pixels(String url) {
        String base64 = (String) driver.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                const img = new Image();
                img.onload = () => {
                    const c = document.createElement('canvas');
                    c.width = img.naturalWidth;
                    c.height = img.naturalHeight;
                    const g = c.getContext('2d', {willReadFrequently: true});
                    g.drawImage(img, 0, 0);
                    const d = g.getImageData(0, 0, c.width, c.height).data;
                    let s = '';
                    for (let i = 0; i < d.length; i += 8192) {
                        s += String.fromCharCode.apply(null, d.subarray(i, i + 8192));
                    }
                    done(btoa(s));
                };
                img.onerror = () => done(null);
                img.src = arguments[0];
                """, url);
        assertThat(base64).as("image " + url + " loaded").isNotNull();
        return Base64.getDecoder().decode(base64);
    }

    void assertNoHorizontalOverflow(String page) {
        Number scroll = (Number) driver.executeScript(
                "return Math.max(document.documentElement.scrollWidth, document.body.scrollWidth);");
        Number viewport = (Number) driver.executeScript("return document.documentElement.clientWidth;");
        assertThat(scroll.intValue()).as("content width of " + page + " within " + viewport).isLessThanOrEqualTo(viewport.intValue());
    }

    /** No script errors, CSP violations or failed loads since the last call. */
    void assertNoConsoleErrors() {
        assertThat(consoleErrors()).isEmpty();
    }

    /** The script errors, CSP violations and failed loads (a refused request too) since the last call. */
    List<String> consoleErrors() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(LogEntry::getMessage)
                .toList();
    }

    void size(Dimension size) {
        driver.manage().window().setSize(size);
    }

    void shot(String name) {
        try {
            Files.write(SHOTS.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The whole page: the window grows to the document's height for the shot, then goes back. */
    void fullPage(String name) {
        Dimension before = driver.manage().window().getSize();
        Number height = (Number) driver.executeScript("return document.documentElement.scrollHeight;");
        driver.manage().window().setSize(new Dimension(before.getWidth(), Math.min(8000, height.intValue() + 150)));
        shot(name);
        driver.manage().window().setSize(before);
    }

    /** Presses Tab from the top of the page until {@code id} has the focus (at most {@code limit} times). */
    WebElement tabTo(String id, int limit) {
        driver.executeScript("document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0);");
        Actions keys = new Actions(driver);
        for (int i = 0; i < limit; i++) {
            keys.sendKeys(Keys.TAB).perform();
            if (id.equals(driver.executeScript("return document.activeElement.id;"))) {
                return driver.switchTo().activeElement();
            }
        }
        throw new AssertionError(id + " was not reached by Tab");
    }

    String text(String id) {
        return driver.findElement(By.id(id)).getText();
    }
}
