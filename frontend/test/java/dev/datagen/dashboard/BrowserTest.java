package dev.datagen.dashboard;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.chrome.ChromeDriver;

import dev.datagen.support.Fixtures;
import dev.datagen.support.Served;
import dev.datagen.support.TestServer;

/**
 * The life cycle the dashboard's browser tests share: one service per test class, on its own storage folder
 * (started by the class's {@code @BeforeAll} with {@link #startServer()}, stopped after its last test), and
 * a fresh Chromium with its own profile for every test.
 */
abstract class BrowserTest {

    @TempDir
    static Path shared;
    static TestServer server;
    static Served served;

    @TempDir
    Path tmp;
    ChromeDriver driver;
    Pages pages;

    static void startServer() {
        server = TestServer.start(shared.resolve("storage"), List.of(Fixtures.root()));
        served = new Served(server.http());
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
            server = null;
        }
    }

    @BeforeEach
    void openBrowser() {
        driver = Chromium.start(tmp.resolve("chrome-profile"));
        pages = new Pages(driver);
    }

    @AfterEach
    void quitBrowser() {
        if (driver != null) {
            driver.quit(); // also stops the chromedriver process
        }
    }
}
