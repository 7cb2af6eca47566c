package com.ctec.consumer.dashboard;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.interactions.Actions;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The screenshots of docs/dashboard.md, of the {@link SampleFleet}: run with
 * {@code mvn -pl ctec-consumer-dashboard test -Dtest=ScreenshotsTest -Dctec.dashboard.screenshots=$PWD/docs}.
 * Skipped without that property.
 */
class ScreenshotsTest {
    @Test
    void overviewAndAppPageOfASampleFleet(@TempDir Path profile) throws Exception {
        assumeTrue(System.getProperty(Chromium.SCREENSHOTS_PROPERTY) != null,
                "no -D" + Chromium.SCREENSHOTS_PROPERTY + "=DIR: no screenshots wanted");
        try (Chromium chromium = Chromium.start(profile); TestFleet fleet = new TestFleet();
             DashboardServer dashboard = DashboardServer.start(fleet.zookeeper(), TestFleet.ROOT, "127.0.0.1", 0)) {
            new SampleFleet(fleet).write();

            chromium.driver().get(dashboard.url().toString());
            await().atMost(Duration.ofSeconds(10)).until(() -> chromium.all("tr.app").size() == 6);
            assertThat(chromium.attributes("tr.app", "data-app")).startsWith("payments");
            chromium.screenshot("dashboard-overview.png");

            chromium.driver().get(dashboard.url().resolve("app/payments").toString());
            await().atMost(Duration.ofSeconds(10)).until(() -> chromium.count("li.failure") == 2);
            chromium.screenshot("dashboard-failing.png");

            chromium.driver().get(dashboard.url().resolve("app/journal").toString());
            await().atMost(Duration.ofSeconds(10)).failFast(() -> !chromium.consoleErrors().isEmpty())
                    .until(() -> chromium.lines("chart-messages") == 4 + 1);
            assertThat(chromium.count("tr.instance.status-gone")).isEqualTo(1);
            // Hover over the afternoon of the messages chart, so the picture shows the read-out too.
            var chart = chromium.driver().findElement(By.cssSelector("#chart-messages svg"));
            new Actions(chromium.driver()).moveToElement(chart, chart.getSize().getWidth() / 5, 0).perform();
            chromium.screenshot("dashboard-app.png");
            assertThat(chromium.consoleErrors()).isEmpty();
        }
    }
}
