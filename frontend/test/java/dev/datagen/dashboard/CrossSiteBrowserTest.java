package dev.datagen.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import dev.datagen.support.Fixtures;
import dev.datagen.support.Http;
import dev.datagen.support.TestServer;

/**
 * A page of another site, opened in a real Chromium while DataGen runs on the same machine without an API
 * key, tries what any page can: a no-cors fetch posting a multipart registration, and a plain form posting
 * the demo button's request. Both reached the service and were accepted; now both are refused, and neither
 * a dataset nor the demo's files appear.
 */
class CrossSiteBrowserTest {

    @TempDir
    Path tmp;

    @Test
    void anotherSitesPageCanNeitherRegisterADatasetNorInstallTheDemo() throws Exception {
        Path mnist = Fixtures.mnist(300, 100);
        Path root = Files.createDirectories(tmp.resolve("data"));
        Files.copy(mnist.resolve("train/00000.png"), root.resolve("digit.png"));
        HttpServer evil = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        ChromeDriver driver = null;
        try (TestServer server = TestServer.start(tmp.resolve("storage"), List.of(root))) {
            String target = server.http().base();
            String page = """
                    <!doctype html><title>cute cats</title>
                    <form id="demo" method="post" action="%1$s/dashboard/demo"></form>
                    <script>
                    const parts = new FormData();
                    parts.append("name", "evil");
                    parts.append("train-data", new Blob(["digit.png\\n"]), "train-data.txt");
                    parts.append("train-label", new Blob(["1 0\\n"]), "train-label.txt");
                    fetch("%1$s/api/datasets", {method: "POST", body: parts, mode: "no-cors"})
                        .finally(() => { document.title = "posted"; document.getElementById("demo").submit(); });
                    </script>
                    """.formatted(target);
            evil.createContext("/cats.html", exchange -> {
                byte[] body = page.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            evil.start();

            driver = Chromium.start(tmp.resolve("chrome-profile"));
            driver.get("http://127.0.0.1:" + evil.getAddress().getPort() + "/cats.html");
            // the form's post navigates the tab to the service's answer
            new WebDriverWait(driver, Duration.ofSeconds(60))
                    .until(d -> d.getCurrentUrl().startsWith(target + "/dashboard/demo"));
            String answer = driver.findElement(org.openqa.selenium.By.tagName("body")).getText();

            assertThat(answer).contains("/problems/cross-site-request");
            Http http = server.http();
            assertThat(http.getJson("/api/datasets").size()).as("datasets registered by the other site").isZero();
            assertThat(root.resolve("datagen-demo")).as("demo files unpacked for the other site").doesNotExist();
            assertThat(Http.text(http.get("/actuator/prometheus", "text/plain")))
                    .doesNotContain("datagen_registrations_refused_total{reason=\"invalid");
        } finally {
            if (driver != null) {
                driver.quit();
            }
            evil.stop(0);
        }
    }
}
