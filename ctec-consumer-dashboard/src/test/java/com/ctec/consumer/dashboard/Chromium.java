package com.ctec.consumer.dashboard;

import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Debian's headless Chromium, driven by Selenium through Debian's ChromeDriver (no download):
 * packages {@code chromium} and {@code chromium-driver}. Tests using it are skipped where
 * /usr/bin/chromium is not installed.
 */
final class Chromium implements AutoCloseable {
    static final Path BROWSER = Path.of("/usr/bin/chromium");
    static final Path DRIVER = Path.of("/usr/bin/chromedriver");
    /** {@code -Dctec.dashboard.screenshots=DIR}: where {@link #screenshot} saves pages; none = no files. */
    static final String SCREENSHOTS_PROPERTY = "ctec.dashboard.screenshots";

    /** Selenium warns at every start that it has no CDP bindings for this Chromium; no CDP is used here. */
    private static final Logger CDP_LOG = Logger.getLogger("org.openqa.selenium.devtools");

    static {
        CDP_LOG.setLevel(Level.SEVERE);
    }

    private final ChromeDriver driver;
    private final List<String> consoleErrors = new ArrayList<>();

    private Chromium(ChromeDriver driver) {
        this.driver = driver;
    }

    /** Starts a fresh browser with an empty profile in {@code profile}; skips the test without Chromium. */
    static Chromium start(Path profile) {
        assumeTrue(Files.isExecutable(BROWSER), BROWSER + " is not installed (apt-get install -y chromium chromium-driver): "
                + "browser test skipped.");
        assertThat(DRIVER).as("Chromium is installed but not its driver: apt-get install -y chromium-driver").isExecutable();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BROWSER.toFile());
        // As root in a container: no sandbox; the closed network: no background connections, no updates.
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile, "--window-size=1360,900", "--hide-scrollbars", "--lang=en-US");
        options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort().build();
        return new Chromium(new ChromeDriver(service, options));
    }

    ChromeDriver driver() {
        return driver;
    }

    List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    /*
     * The pages rebuild their rows on every change, so an element found a moment ago may be gone:
     * the reads below are each one script, done in one go inside the page.
     */

    /** How many elements match. */
    int count(String css) {
        return ((Long) script("return document.querySelectorAll(arguments[0]).length", css)).intValue();
    }

    /** The text of each element that matches, as shown. */
    @SuppressWarnings("unchecked")
    List<String> texts(String css) {
        return (List<String>) script("return [...document.querySelectorAll(arguments[0])].map(e => e.innerText)", css);
    }

    /** The text of the first element that matches, or "". */
    String text(String css) {
        return texts(css).stream().findFirst().orElse("");
    }

    /** An attribute of each element that matches. */
    @SuppressWarnings("unchecked")
    List<String> attributes(String css, String name) {
        return (List<String>) script("return [...document.querySelectorAll(arguments[0])].map(e => e.getAttribute(arguments[1]))",
                css, name);
    }

    /** An attribute of the first element that matches, or "". */
    String attribute(String css, String name) {
        return attributes(css, name).stream().findFirst().orElse("");
    }

    /** What the pages wrote to the console as errors (script errors, failed requests) since the start. */
    List<String> consoleErrors() {
        // Reading the log empties it: keep what was read.
        driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).map(LogEntry::getMessage).forEach(consoleErrors::add);
        return List.copyOf(consoleErrors);
    }

    Object script(String script, Object... args) {
        return driver.executeScript(script, args);
    }

    /** The number of lines drawn in a chart: one {@code path.line} each. */
    int lines(String chartId) {
        return count("#" + chartId + " path.line");
    }

    /** Saves the whole page as {@code <dir>/<name>} when -Dctec.dashboard.screenshots=DIR is set. */
    void screenshot(String name) throws IOException {
        String dir = System.getProperty(SCREENSHOTS_PROPERTY);
        if (dir == null || dir.isBlank()) {
            return;
        }
        Dimension window = driver.manage().window().getSize();
        long height = (Long) script("return Math.ceil(document.documentElement.scrollHeight)");
        driver.manage().window().setSize(new Dimension(window.getWidth(), (int) height + (window.getHeight() - viewportHeight())));
        Path file = Path.of(dir).toAbsolutePath().resolve(name);
        Files.createDirectories(file.getParent());
        Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
        driver.manage().window().setSize(window);
    }

    private int viewportHeight() {
        return ((Long) script("return window.innerHeight")).intValue();
    }

    @Override
    public void close() {
        driver.quit();
    }
}
